package dev.cohort.reliability.support;

import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.schemaregistry.SchemaRegistryApplication;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What every scenario runs against, once per test JVM: the in-JVM Kafka broker, the schema registry, identity's
 * keys and one chat deployment, on a PostgreSQL and a Redis server of its own (started here, on free ports). Its one running chat replica is
 * handed from scenario to scenario ({@link #chat()}): a scenario that kills or stops it leaves a replacement
 * running, so the module starts as few JVMs as the scenarios need.
 */
public final class ReliabilityPlatform {

    private static ReliabilityPlatform instance;

    private final IdentityKeys identity = new IdentityKeys();
    private final InJvmKafka kafka = InJvmKafka.shared();
    private final ConfigurableApplicationContext registry;
    private final RestartablePostgres chatPostgres;
    private final RestartableRedis chatRedis = new RestartableRedis();
    private final ChatDeployment chat;
    private ServiceProcess runningChat;

    private ReliabilityPlatform() {
        // Created before any consumer subscribes, with the partitions production's topics have here.
        kafka.createTopics(3, "cohort.chat.messages", "cohort.group.groups");
        TestDatabase registryDatabase = TestPostgres.shared().createDatabase("reliability_registry");
        registry = SchemaRegistryApplication.start(registryDatabase.jdbcUrl(), registryDatabase.username(),
                registryDatabase.password(), 0);
        // Chat's own PostgreSQL and Redis, which scenarios may stop and start under it (never the shared ones).
        chatPostgres = new RestartablePostgres(Path.of("target", "chat-postgres-" + UUID.randomUUID()));
        chat = new ChatDeployment(chatPostgres.createDatabase("cohort_chat"), chatRedis.url(), "reliability:",
                kafka.bootstrapServers(), registryUrl(), identity.target());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (runningChat != null) {
                runningChat.close();
            }
            registry.close();
            chatRedis.close();
            chatPostgres.close();
        }, "reliability-platform-stop"));
    }

    public static synchronized ReliabilityPlatform get() {
        if (instance == null) {
            instance = new ReliabilityPlatform();
        }
        return instance;
    }

    public IdentityKeys identity() {
        return identity;
    }

    public String kafka() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return SchemaRegistryApplication.url(registry);
    }

    /** Chat's PostgreSQL server, for the scenario that restarts it. */
    public RestartablePostgres chatPostgres() {
        return chatPostgres;
    }

    /** Chat's Redis server, for the scenario that restarts it. */
    public RestartableRedis chatRedis() {
        return chatRedis;
    }

    public ChatDeployment chatDeployment() {
        return chat;
    }

    /** The running chat replica, started if none runs. */
    public synchronized ServiceProcess chat() {
        if (runningChat == null || !runningChat.isAlive()) {
            runningChat = chat.startReplica();
        }
        return runningChat;
    }

    /** Records which replica now serves (after a scenario replaced the one it got from {@link #chat()}). */
    public synchronized void chatIsNow(ServiceProcess replica) {
        runningChat = replica;
    }
}
