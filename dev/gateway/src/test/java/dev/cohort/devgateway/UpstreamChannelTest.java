package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.util.EventLoopGroups;
import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.GetConversationRequest;
import dev.cohort.chat.v1.GetConversationResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A relayed call's answer comes back on the event loop of the request it is relayed for (ADR 80). */
class UpstreamChannelTest {

    private final FakeChatService chat = new FakeChatService();
    /** For each answer received: the event loops it arrived on (one of {@link #loops}, or none). */
    private final List<Thread> answeredOn = new CopyOnWriteArrayList<>();
    private final EventLoopGroup loops = EventLoopGroups.newEventLoopGroup(2);
    private Server chatServer;
    private UpstreamChannel upstream;

    @BeforeEach
    void startChat() throws Exception {
        chatServer = NettyServerBuilder.forPort(0).addService(chat).build().start();
        upstream = new UpstreamChannel("127.0.0.1:" + chatServer.getPort(), recordingAnswerThreads());
    }

    @AfterEach
    void stop() throws Exception {
        upstream.close();
        chatServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }

    @Test
    void answersOnTheEventLoopOfTheRequest() throws Exception {
        for (int i = 0; i < 4; i++) {
            EventLoop loop = loops.next();
            ServiceRequestContext request = ServiceRequestContext.builder(HttpRequest.of(HttpMethod.GET, "/"))
                    .eventLoop(loop)
                    .build();

            GetConversationResponse answer = onLoop(loop, () -> {
                try (SafeCloseable ignored = request.push()) {
                    return ChatServiceGrpc.newFutureStub(upstream).getConversation(conversation());
                }
            }).get(10, TimeUnit.SECONDS);

            assertThat(answer.getConversation().getName()).isEqualTo("study hall");
            assertThat(answeredOn.get(i)).isEqualTo(threadOf(loop));
        }
    }

    @Test
    void answersOutsideARequestOverTheSharedConnection() throws Exception {
        GetConversationResponse answer = ChatServiceGrpc.newBlockingStub(upstream)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getConversation(conversation());

        assertThat(answer.getConversation().getName()).isEqualTo("study hall");
        assertThat(answeredOn).hasSize(1);
    }

    private static GetConversationRequest conversation() {
        return GetConversationRequest.newBuilder().setConversationId(UUID.randomUUID().toString()).build();
    }

    private static <T> T onLoop(EventLoop loop, Supplier<T> work) throws Exception {
        return loop.submit(work::get).get(10, TimeUnit.SECONDS);
    }

    private static Thread threadOf(EventLoop loop) throws Exception {
        return onLoop(loop, Thread::currentThread);
    }

    /** Notes the thread each answer is received on. */
    private ClientInterceptor recordingAnswerThreads() {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                         Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onMessage(R message) {
                                answeredOn.add(Thread.currentThread());
                                super.onMessage(message);
                            }
                        }, headers);
                    }
                };
            }
        };
    }
}
