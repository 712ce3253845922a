package dev.cohort.reliability.support;

import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The chat service as one deployment: every replica it starts shares one PostgreSQL database, one Redis key prefix,
 * the Kafka broker, the schema registry and identity's keys, as replicas of one service do in production. Each
 * replica is an OS process of its own ({@link ServiceProcess}) running chat's executable jar with production's
 * configuration, changed only where a scenario needs it: the servers' addresses, and each user's send rate raised
 * (ten thousand sends from twenty people in seconds is the burst the scenarios need, not an abuse to refuse).
 */
public final class ChatDeployment {

    /** Chat's executable jar, as the reactor built it (set by the module's surefire configuration). */
    static final Path JAR = Path.of(System.getProperty("cohort.reliability.chat-jar",
            "../services/chat/target/cohort-chat-0.1.0-SNAPSHOT-exec.jar"));
    /** Generous: on a loaded 2-core machine a chat JVM took up to two minutes to start (README). */
    static final Duration STARTUP = Duration.ofSeconds(300);
    /** Small heap, serial collector, C1 only: several JVMs share two cores and each starts several times. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");

    private final TestDatabase database;
    private final String redisUrl;
    private final String redisPrefix;
    private final String kafka;
    private final String registry;
    private final String identity;
    private int started;

    public ChatDeployment(TestDatabase database, String redisUrl, String redisPrefix, String kafka, String registry,
                          String identity) {
        this.database = database;
        this.redisUrl = redisUrl;
        this.redisPrefix = redisPrefix;
        this.kafka = kafka;
        this.registry = registry;
        this.identity = identity;
    }

    /** A new replica on a free port. */
    public synchronized ServiceProcess startReplica() {
        return startReplica(FreePorts.next());
    }

    /** A new replica on {@code port} (a restarted replica keeps its address, as a pod's service does). */
    public synchronized ServiceProcess startReplica(int port) {
        started++;
        return ServiceProcess.start("chat-" + started, JAR, port, JVM_OPTIONS, List.of(
                "--spring.grpc.server.address=127.0.0.1",
                "--spring.grpc.server.port=" + port,
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--cohort.redis.url=" + redisUrl,
                "--cohort.redis.key-prefix=" + redisPrefix,
                "--cohort.events.bootstrap-servers=" + kafka,
                "--cohort.events.schema-registry-url=" + registry,
                "--cohort.auth.jwks-target=" + identity,
                "--cohort.paging.token-key=" + CohortTestInfrastructure.pagingTokenKey(),
                "--cohort.chat.sends-per-second=100000",
                "--cohort.chat.send-burst=100000",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.dev.cohort=INFO",
                // One line per call is the bulk of the log at 10,000 sends, and CPU the scenarios need elsewhere.
                "--logging.level.dev.cohort.grpc.requests=WARN"), STARTUP);
    }

    /** The database every replica writes to (tests read what was committed, e.g. after a kill). */
    public TestDatabase database() {
        return database;
    }
}
