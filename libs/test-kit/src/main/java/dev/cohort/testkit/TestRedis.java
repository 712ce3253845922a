package dev.cohort.testkit;

import dev.cohort.ports.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.embedded.RedisServer;

/**
 * A real Redis server for tests, chosen once per JVM: the one already listening on
 * 127.0.0.1:6379, else a Testcontainers container (when Docker is reachable), else an embedded
 * Redis from {@code com.github.codemonstur:embedded-redis} on a free port. The mode is forced
 * the same way as for {@link TestPostgres}.
 *
 * <p>Tests never share keys: each asks for its own {@link #newKeyPrefix(String) key prefix};
 * keys under the prefixes this JVM handed out are deleted when it exits.
 */
public final class TestRedis {
    private static final Logger log = LoggerFactory.getLogger(TestRedis.class);

    static final String LOCAL_HOST = "127.0.0.1";
    static final int LOCAL_PORT = 6379;
    private static final String IMAGE = "redis:7-alpine";
    private static final int TIMEOUT_MILLIS = 2_000;
    private static final int SCAN_BATCH = 1_000;

    private static final Lazy<TestRedis> SHARED = new Lazy<>(TestRedis::choose);
    private static final Lazy<TestRedis> EMBEDDED = new Lazy<>(TestRedis::startEmbedded);

    private final InfrastructureMode mode;
    private final String host;
    private final int port;
    private final Set<String> prefixes = ConcurrentHashMap.newKeySet();

    private TestRedis(InfrastructureMode mode, String host, int port) {
        this.mode = mode;
        this.host = host;
        this.port = port;
        JvmCleanup.removeDataAtExit("delete test keys on " + host + ":" + port,
                () -> deleteKeysUnder(List.copyOf(prefixes)));
    }

    /** The server for this JVM in the requested mode (auto unless forced). */
    public static TestRedis shared() {
        return SHARED.get();
    }

    /** The embedded Redis server, whatever the requested mode; started once per JVM. */
    public static TestRedis embedded() {
        return EMBEDDED.get();
    }

    public InfrastructureMode mode() {
        return mode;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code redis://host:port}. */
    public String url() {
        return "redis://" + host + ":" + port;
    }

    /**
     * A new prefix {@code test:<hint>:<8 hex>:}; the hint keeps only {@code [A-Za-z0-9_.-]}.
     * Keys under it are deleted at JVM exit.
     */
    public String newKeyPrefix(String hint) {
        String prefix;
        do {
            prefix = "test:" + Names.forRedis(hint) + ":" + Names.randomHex8() + ":";
        } while (!prefixes.add(prefix));
        return prefix;
    }

    /**
     * Deletes every key that starts with one of the prefixes, in one SCAN over the keyspace. Redisson puts some
     * objects' keys in a hash tag ({@code {name}:suffix}, so that related keys share a cluster slot): those count
     * as under the prefix too.
     */
    void deleteKeysUnder(Collection<String> keyPrefixes) {
        if (keyPrefixes.isEmpty()) {
            return;
        }
        try (RespClient redis = new RespClient(host, port, TIMEOUT_MILLIS)) {
            String cursor = "0";
            do {
                List<?> reply = (List<?>) redis.call("SCAN", cursor, "MATCH", "*test:*", "COUNT",
                        Integer.toString(SCAN_BATCH));
                cursor = (String) reply.get(0);
                List<String> doomed = new ArrayList<>();
                doomed.add("UNLINK");
                for (Object key : (List<?>) reply.get(1)) {
                    String name = (String) key;
                    String untagged = name.startsWith("{") ? name.substring(1) : name;
                    if (keyPrefixes.stream().anyMatch(untagged::startsWith)) {
                        doomed.add(name);
                    }
                }
                if (doomed.size() > 1) {
                    redis.call(doomed);
                }
            } while (!"0".equals(cursor));
        }
    }

    // ---- choosing and starting servers ----

    private static TestRedis choose() {
        RequestedMode requested = RequestedMode.current();
        String localProblem = requested == RequestedMode.AUTO || requested == RequestedMode.LOCAL
                ? checkLocal() : "not checked";
        TestRedis chosen;
        String why;
        switch (requested) {
            case LOCAL -> {
                if (localProblem != null) {
                    throw new IllegalStateException("Local mode was forced, but Redis on "
                            + LOCAL_HOST + ":" + LOCAL_PORT + " is not usable: " + localProblem);
                }
                chosen = new TestRedis(InfrastructureMode.LOCAL, LOCAL_HOST, LOCAL_PORT);
                why = "answers PING on " + LOCAL_HOST + ":" + LOCAL_PORT;
            }
            case TESTCONTAINERS -> {
                chosen = startContainer();
                why = "image " + IMAGE;
            }
            case EMBEDDED -> {
                chosen = embedded();
                why = "embedded-redis binaries";
            }
            default -> {
                if (localProblem == null) {
                    chosen = new TestRedis(InfrastructureMode.LOCAL, LOCAL_HOST, LOCAL_PORT);
                    why = "answers PING on " + LOCAL_HOST + ":" + LOCAL_PORT;
                } else if (Probes.dockerAvailable()) {
                    chosen = startContainer();
                    why = "nothing usable on " + LOCAL_HOST + ":" + LOCAL_PORT + " (" + localProblem
                            + "); Docker is reachable, image " + IMAGE;
                } else {
                    chosen = embedded();
                    why = "nothing usable on " + LOCAL_HOST + ":" + LOCAL_PORT + " (" + localProblem
                            + ") and no Docker engine";
                }
            }
        }
        log.info("Cohort test kit: Redis mode {} ({}: {}), {}", chosen.mode, requested.describe(), why, chosen.url());
        return chosen;
    }

    /** Null when the local server is usable, otherwise why not. */
    private static String checkLocal() {
        if (!Probes.portOpen(LOCAL_HOST, LOCAL_PORT)) {
            return "port closed";
        }
        try (RespClient redis = new RespClient(LOCAL_HOST, LOCAL_PORT, Probes.CONNECT_TIMEOUT_MILLIS)) {
            Object reply = redis.call("PING");
            return "PONG".equals(reply) ? null : "PING answered " + reply;
        } catch (RuntimeException e) {
            return "PING failed: " + e.getMessage();
        }
    }

    private static TestRedis startContainer() {
        if (!Probes.dockerAvailable()) {
            throw new IllegalStateException("Testcontainers mode was forced, but no Docker engine is reachable");
        }
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(LOCAL_PORT);
        container.start();
        JvmCleanup.stopServerAtExit("stop Redis container", container::stop);
        return new TestRedis(InfrastructureMode.TESTCONTAINERS, container.getHost(),
                container.getMappedPort(LOCAL_PORT));
    }

    private static TestRedis startEmbedded() {
        IOException lastFailure = null;
        // A free port can be taken between finding and binding it; try a few.
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = FreePorts.pick();
            try {
                RedisServer server = RedisServer.newRedisServer()
                        .port(port)
                        .bind(LOCAL_HOST)
                        .setting("save \"\"")      // no dump.rdb in the working directory
                        .setting("appendonly no")
                        .onShutdownForceStop(false) // our single hook stops it, after key clean-up
                        .build();
                server.start();
                JvmCleanup.stopServerAtExit("stop embedded Redis", () -> {
                    try {
                        server.stop();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                log.info("Cohort test kit: embedded Redis started on port {}", port);
                return new TestRedis(InfrastructureMode.EMBEDDED, LOCAL_HOST, port);
            } catch (IOException e) {
                lastFailure = e;
            }
        }
        throw new UncheckedIOException("Cannot start embedded Redis", lastFailure);
    }

    @Override
    public String toString() {
        return "TestRedis[" + mode + " " + url() + "]";
    }
}
