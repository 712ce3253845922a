package dev.cohort.devgateway;

import com.linecorp.armeria.common.util.EventLoopGroups;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's channel to one service, with a connection of its own for each of the gateway's event loops (ADR 80),
 * as Envoy keeps a connection pool per worker: a call is relayed on the connection of the event loop its caller's
 * request is served on, so the request goes out, the answer comes back and is handed to the caller's call all on
 * that one thread, instead of crossing to grpc-java's event loop and back for every call. A blocking call made for a
 * request off its event loop (the JWK Set fetch on the request's blocking-task executor) uses the same connection and
 * waits on its own thread. Outside any request (tests, tools), calls go over a shared connection on grpc-java's own
 * event loops.
 */
final class UpstreamChannel extends Channel implements AutoCloseable {

    private final String target;
    private final ClientInterceptor tracing;
    private final ManagedChannel shared;
    private final Map<EventLoop, ManagedChannel> perLoop = new ConcurrentHashMap<>();

    UpstreamChannel(String target, ClientInterceptor tracing) {
        this.target = target;
        this.tracing = tracing;
        this.shared = builder().build();
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        return channel().newCall(method, options);
    }

    @Override
    public String authority() {
        return shared.authority();
    }

    /** The connection of the current request's event loop (opened on its first call), else the shared one. */
    private Channel channel() {
        ServiceRequestContext request = ServiceRequestContext.currentOrNull();
        if (request == null) {
            return shared;
        }
        return perLoop.computeIfAbsent(request.eventLoop().withoutContext(), this::onLoop);
    }

    private ManagedChannel onLoop(EventLoop loop) {
        return builder()
                .eventLoopGroup(loop)
                .channelType(EventLoopGroups.socketChannelType(loop))
                .build();
    }

    private NettyChannelBuilder builder() {
        // The service's answers are handed straight to the caller's call, which only queues them on the caller's
        // event loop (or, on the caller's own loop, sends them at once): no hop to a thread pool.
        return NettyChannelBuilder.forTarget(target).usePlaintext()
                .directExecutor()
                .intercept(tracing);
    }

    @Override
    public void close() {
        List<ManagedChannel> all = new ArrayList<>(perLoop.values());
        all.add(shared);
        all.forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : all) {
            try {
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                channel.shutdownNow();
            }
        }
    }

    /** Closes at once, without waiting (when the gateway fails to start). */
    void closeNow() {
        perLoop.values().forEach(ManagedChannel::shutdownNow);
        shared.shutdownNow();
    }
}
