package dev.cohort.ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for servers that are bound a while after the port is chosen.
 *
 * <p>The port comes from below Linux's ephemeral range (32768-60999): between the pick and the bind, outgoing
 * connections of the same machine take ephemeral ports, and one of them could be the picked port if it came from
 * that range too ("Address already in use"). A port from {@code new ServerSocket(0)} is such an ephemeral port.
 */
public final class FreePorts {

    static final int LOWEST = 20_000;
    static final int HIGHEST_EXCLUSIVE = 32_000;
    private static final int ATTEMPTS = 200;

    private FreePorts() {
    }

    /** A port that nothing listens on now, between 20000 and 32000. */
    public static int pick() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket socket = new ServerSocket(random.nextInt(LOWEST, HIGHEST_EXCLUSIVE))) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // taken: try another
            }
        }
        throw new UncheckedIOException(new IOException(
                "no free port between " + LOWEST + " and " + HIGHEST_EXCLUSIVE + " after " + ATTEMPTS + " attempts"));
    }
}
