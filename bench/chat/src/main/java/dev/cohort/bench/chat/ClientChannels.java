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
    private final List<ManagedChannel> senderChannels = new ArrayList<>();

    /** {@code count} connections for the readers (and the echo), none of the senders' own. */
    ClientChannels(int port, int count) {
        this(port, count, 0);
    }

    /**
     * {@code count} connections for the readers, {@code senderCount} more for the senders. A sender is another
     * client than the readers of its conversation: on a connection of their own, its acks do not queue behind the
     * readers' deliveries in one HTTP/2 connection, as no real deployment would make them.
     */
    ClientChannels(int port, int count, int senderCount) {
        this(List.of(port), count, senderCount);
    }

    /**
     * {@code count} connections for the readers, spread over the servers listening on {@code ports} in turn, and
     * {@code senderCount} more to the first of them for the senders (several replicas of one service: the
     * senders use one, the readers all).
     */
    ClientChannels(List<Integer> ports, int count, int senderCount) {
        for (int i = 0; i < count; i++) {
            channels.add(open(ports.get(i % ports.size())));
        }
        for (int i = 0; i < senderCount; i++) {
            senderChannels.add(open(ports.get(0)));
        }
    }

    private static ManagedChannel open(int port) {
        // No retries: the benchmark counts every failure itself, and a retriable call wraps each stream in a
        // buffering layer that costs the load generator on every frame received. Trailers up to 64 KiB: an error
        // naming a hundred users is read as its status, not as a broken connection.
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().disableRetry()
                .maxInboundMessageSize(1 << 20).maxInboundMetadataSize(64 << 10).build();
    }

    /** The connection of client number {@code client}. */
    ManagedChannel forClient(int client) {
        return channels.get(Math.floorMod(client, channels.size()));
    }

    /** The connection of sender number {@code sender}: one of the senders' own if there are any. */
    ManagedChannel forSender(int sender) {
        return senderChannels.isEmpty() ? forClient(sender)
                : senderChannels.get(Math.floorMod(sender, senderChannels.size()));
    }

    @Override
    public void close() {
        List<ManagedChannel> all = new ArrayList<>(channels);
        all.addAll(senderChannels);
        all.forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel channel : all) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
