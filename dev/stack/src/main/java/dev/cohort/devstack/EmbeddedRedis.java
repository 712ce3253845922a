package dev.cohort.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** Redis for the local stack: embedded (append-only file kept in a folder) or an existing server. */
final class EmbeddedRedis implements AutoCloseable {

    /** Name of the server's record in {@link ProcessRecords}. */
    static final String PROCESS = "redis";

    private final RedisServer server;
    private final ProcessRecords records;
    private final String url;

    private EmbeddedRedis(RedisServer server, ProcessRecords records, String url) {
        this.server = server;
        this.records = records;
        this.url = url;
    }

    /**
     * Starts the embedded server (or uses the configured external one) and records its process, which outlives
     * this JVM if it dies hard. Redis writes its own pid file (in the data folder), from which the record is made.
     */
    static EmbeddedRedis start(StackSettings settings, ProcessRecords records) throws IOException {
        if (settings.externalRedis().isPresent()) {
            return new EmbeddedRedis(null, records, settings.externalRedis().get());
        }
        Path data = settings.dataDir("redis");
        Files.createDirectories(data);
        RedisServer server = RedisServer.newRedisServer()
                .port(settings.embeddedRedisPort())
                .bind("127.0.0.1")
                .setting("dir " + data.toAbsolutePath())
                .setting("appendonly yes")
                .setting("save \"\"")
                .setting("pidfile " + data.resolve("redis.pid").toAbsolutePath())
                .build();
        server.start();
        try {
            records.recordFromPidFile(PROCESS, data.resolve("redis.pid"));
        } catch (IOException unrecorded) {
            server.stop();
            throw unrecorded;
        }
        return new EmbeddedRedis(server, records, "redis://127.0.0.1:" + settings.embeddedRedisPort());
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
            records.forget(PROCESS);
        }
    }
}
