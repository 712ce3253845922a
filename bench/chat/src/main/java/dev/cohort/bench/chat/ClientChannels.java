package dev.cohort.bench.chat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The clients' TCP connections to a server on 127.0.0.1: {@code count} Netty channels, each call placed on one of
 * them by the client's index (one client, one connection). Callbacks run on the Netty event loops
 * ({@code directExecutor}): the clients' handlers only count, parse a number and record a latency, and a thread
 * hop per frame would cost the 2-core machine more than the work itself. The chat run and the echo limit use the
 * same channels setup.
 */
final class ClientChannels implements AutoCloseable {

    private final List<ManagedChannel> channels = new ArrayList<>();

    ClientChannels(int port, int count) {
        for (int i = 0; i < count; i++) {
            channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor()
                    .maxInboundMessageSize(1 << 20).build());
        }
    }

    /** The connection of client number {@code client}. */
    ManagedChannel forClient(int client) {
        return channels.get(Math.floorMod(client, channels.size()));
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel channel : channels) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
