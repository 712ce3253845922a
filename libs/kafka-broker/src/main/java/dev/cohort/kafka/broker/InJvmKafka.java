package dev.cohort.kafka.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka (KRaft mode: no ZooKeeper) running inside this JVM, on temporary log directories that
 * are gone when it stops: tests share one per JVM ({@link #shared()}) or start their own
 * ({@link #start(OptionalInt)}). The local stack's Kafka keeps its log instead: {@link PersistentKafka}.
 *
 * <p>Kafka's test kit binds random ports and ignores requests for fixed ones, so a fixed port is an extra
 * listener named {@code FIXED} that clients can bootstrap from.
 */
public final class InJvmKafka implements AutoCloseable {

    private static final Object LOCK = new Object();
    private static InJvmKafka shared;

    private final EmbeddedKafkaKraftBroker broker;
    private final String bootstrapServers;

    private InJvmKafka(EmbeddedKafkaKraftBroker broker, String bootstrapServers) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
    }

    /** The broker of this test JVM, started on first use and stopped when the JVM exits. */
    public static InJvmKafka shared() {
        synchronized (LOCK) {
            if (shared == null) {
                shared = start(OptionalInt.empty());
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "in-jvm-kafka-stop"));
            }
            return shared;
        }
    }

    /** A new broker; with a port, also reachable on {@code localhost:<port>}. */
    public static InJvmKafka start(OptionalInt fixedPort) {
        KafkaLogs.quiet();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        Map<String, String> properties = new HashMap<>();
        properties.put("auto.create.topics.enable", "true");
        properties.put("num.partitions", "3");
        properties.put("offsets.topic.num.partitions", "5");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        fixedPort.ifPresent(port -> {
            properties.put("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0,FIXED://127.0.0.1:" + port);
            properties.put("advertised.listeners", "EXTERNAL://localhost:0,FIXED://127.0.0.1:" + port);
            properties.put("listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,FIXED:PLAINTEXT");
        });
        broker.brokerProperties(properties);
        broker.afterPropertiesSet();
        String servers = fixedPort.isPresent() ? "127.0.0.1:" + fixedPort.getAsInt() : broker.getBrokersAsString();
        return new InJvmKafka(broker, servers);
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates topics (name, partitions) if they do not exist yet. A topic the broker created on its own (a consumer
     * of an earlier test subscribed to it first) exists already and is left as it is.
     */
    public void createTopics(int partitions, String... topics) {
        for (String topic : topics) {
            if (!broker.getTopics().contains(topic)) {
                try {
                    broker.addTopics(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1));
                } catch (RuntimeException failure) {
                    if (!causedByExistingTopic(failure)) {
                        throw failure;
                    }
                }
            }
        }
    }

    private static boolean causedByExistingTopic(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.kafka.common.errors.TopicExistsException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        // Kafka's test kit deletes its log directories while the broker is still stopping, and the broker then
        // reports a "failed" log dir at ERROR: noise of the teardown itself, kept off the console.
        KafkaLogs.off();
        broker.destroy();
    }
}
