package dev.cohort.kafka.broker;

import dev.cohort.ports.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.properties.PropertiesUtils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka (broker and controller in one node) inside this JVM that keeps its log in a directory:
 * topics, records and committed consumer-group offsets survive a stop and a restart on the same directory. The local
 * stack's Kafka (ADR 86).
 *
 * <p>It is Kafka's own server ({@link KafkaRaftServer}, what {@code kafka-server-start.sh} runs) over a directory
 * formatted once with Kafka's own {@link Formatter} (what {@code kafka-storage.sh format} runs): the first start
 * writes {@code meta.properties} (a new cluster id, node id {@value #NODE_ID}) and the bootstrap metadata there;
 * every later start finds {@code meta.properties} and reuses the directory as it is. A start after the previous
 * JVM died hard works too: Kafka's directory lock is an OS file lock that dies with its process, and Kafka recovers
 * the log segments that were not closed cleanly. That start is slower: the controller keeps the dead broker's
 * registration until its session times out ({@code broker.session.timeout.ms}, 9 s) before the broker can register
 * again. Faults are handled as in a Kafka server process: a fatal one (the metadata log cannot be written) halts
 * the JVM rather than leave a broker that no longer keeps its log.
 *
 * <p>Clients reach it on {@code 127.0.0.1:<port>}. The controller listens on a free port picked at each start:
 * with a static quorum ({@code controller.quorum.voters}) nothing in the directory names that port.
 */
public final class PersistentKafka implements AutoCloseable {

    /** The node id this directory is formatted with; Kafka refuses to start a directory with another one. */
    static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Logger log = LoggerFactory.getLogger(PersistentKafka.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String clusterId;
    private boolean closed;

    private PersistentKafka(KafkaRaftServer server, String bootstrapServers, String clusterId) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.clusterId = clusterId;
    }

    /**
     * Starts Kafka over {@code directory} (made and formatted on the first start) on {@code 127.0.0.1:port}; returns
     * once the broker serves requests.
     *
     * @throws IllegalStateException when the directory holds logs but no {@code meta.properties}, rather than
     *                               format it for a new cluster that would not know those logs
     */
    public static PersistentKafka start(Path directory, int port) {
        KafkaLogs.quiet();
        long began = System.nanoTime();
        Path dataDirectory = directory.toAbsolutePath();
        formatOnce(dataDirectory);
        int controllerPort = FreePorts.pick();
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties(dataDirectory, port, controllerPort),
                false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException failure) {
            stop(server);
            throw failure;
        }
        PersistentKafka kafka = new PersistentKafka(server, "127.0.0.1:" + port, readClusterId(dataDirectory));
        log.info("Kafka serves {} over {} (cluster id {}), started in {} ms", kafka.bootstrapServers(), dataDirectory,
                kafka.clusterId(), (System.nanoTime() - began) / 1_000_000);
        return kafka;
    }

    /** True when {@code directory} was formatted for Kafka (it has Kafka's {@code meta.properties}). */
    public static boolean isFormatted(Path directory) {
        return Files.isRegularFile(directory.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME));
    }

    private static Map<String, Object> properties(Path dataDirectory, int port, int controllerPort) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", Integer.toString(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        properties.put("controller.listener.names", CONTROLLER_LISTENER);
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", dataDirectory.toString());
        properties.put("metadata.log.dir", dataDirectory.toString());
        // As the tests' broker (InJvmKafka) has them: topics made on first use, one replica of everything.
        properties.put("auto.create.topics.enable", "true");
        properties.put("num.partitions", "3");
        properties.put("offsets.topic.num.partitions", "5");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        // Events are kept until the directory is deleted: with Kafka's default of 7 days, a stack left stopped for
        // longer would drop events its consumers had not read yet, within a minute of its next start.
        properties.put("log.retention.ms", "-1");
        // The log cleaner (it compacts the offsets topic) would take 128 MB of heap for its map by default; 2 MB, as
        // in Kafka's test kit, is plenty for one developer's topics.
        properties.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        return properties;
    }

    /**
     * Formats {@code dataDirectory} unless it has {@code meta.properties}: a new cluster id, node id
     * {@value #NODE_ID}, the latest production metadata version of this Kafka, and a static controller quorum.
     */
    private static void formatOnce(Path dataDirectory) {
        if (isFormatted(dataDirectory)) {
            return;
        }
        refuseLogsWithoutMetaProperties(dataDirectory);
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(report, true, StandardCharsets.UTF_8))
                .setNodeId(NODE_ID)
                .setClusterId(clusterId)
                .setDirectories(List.of(dataDirectory.toString()))
                .setMetadataLogDirectory(dataDirectory.toString())
                .setControllerListenerName(CONTROLLER_LISTENER);
        try {
            formatter.run();
        } catch (Exception failure) {
            throw new IllegalStateException("could not format " + dataDirectory + " for Kafka: "
                    + report.toString(StandardCharsets.UTF_8).strip(), failure);
        }
        log.info("Formatted {} for Kafka: cluster id {}, node id {}, metadata.version {}", dataDirectory, clusterId,
                NODE_ID, formatter.bootstrapMetadata().metadataVersion());
    }

    /**
     * A directory without {@code meta.properties} may hold files of a format that did not finish (its bootstrap
     * metadata), but no logs: those belong to a cluster that a new format would not know.
     */
    private static void refuseLogsWithoutMetaProperties(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            try (Stream<Path> entries = Files.list(dataDirectory)) {
                if (entries.anyMatch(Files::isDirectory)) {
                    throw new IllegalStateException(dataDirectory + " holds Kafka logs but no "
                            + MetaPropertiesEnsemble.META_PROPERTIES_NAME + "; delete the directory to start afresh");
                }
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static String readClusterId(Path dataDirectory) {
        try {
            return new MetaProperties.Builder(PropertiesUtils.readPropertiesFile(
                            dataDirectory.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME).toString()))
                    .build().clusterId().orElseThrow();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The cluster id the directory was formatted with. */
    public String clusterId() {
        return clusterId;
    }

    /**
     * Stops the broker (a controlled shutdown: its logs are flushed and marked clean, so the next start does not
     * recover them) and returns once it has stopped and released the directory.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            stop(server);
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }
}
