package dev.cohort.reliability.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisServer;

/**
 * A Redis server of the test's own (the binary that ships in {@code com.github.codemonstur:embedded-redis}) on a
 * free port of 127.0.0.1 it keeps across restarts, so it can be stopped and started under a running service; the
 * shared Redis on 6379 is never touched. Nothing is persisted: a restart comes back empty, as a Redis used for
 * pub/sub, presence and caches may.
 */
public final class RestartableRedis implements AutoCloseable {

    private final int port = FreePorts.next();
    private RedisServer server;

    public RestartableRedis() {
        start();
    }

    public synchronized void start() {
        try {
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Redis on port " + port, e);
        }
    }

    public synchronized void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop Redis on port " + port, e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
