package dev.cohort.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** Redis for the local stack: embedded (append-only file kept in a folder) or an existing server. */
final class EmbeddedRedis implements AutoCloseable {

    private final RedisServer server;
    private final String url;

    private EmbeddedRedis(RedisServer server, String url) {
        this.server = server;
        this.url = url;
    }

    static EmbeddedRedis start(StackSettings settings) throws IOException {
        if (settings.externalRedis().isPresent()) {
            return new EmbeddedRedis(null, settings.externalRedis().get());
        }
        Path data = settings.dataDir("redis");
        Files.createDirectories(data);
        RedisServer server = RedisServer.newRedisServer()
                .port(settings.embeddedRedisPort())
                .bind("127.0.0.1")
                .setting("dir " + data.toAbsolutePath())
                .setting("appendonly yes")
                .setting("save \"\"")
                .build();
        server.start();
        return new EmbeddedRedis(server, "redis://127.0.0.1:" + settings.embeddedRedisPort());
    }

    String url() {
        return url;
    }

    String describe() {
        return server == null ? "external " + url : "embedded, " + url;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.stop();
        }
    }
}
