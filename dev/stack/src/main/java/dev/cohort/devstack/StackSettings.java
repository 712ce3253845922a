package dev.cohort.devstack;

import dev.cohort.ports.FreePorts;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the local stack keeps its data and which ports it uses. Defaults follow the brief's fixed ports; every
 * value can be overridden by an environment variable (or a system property of the same name, lower-cased with
 * dots), e.g. {@code COHORT_POSTGRES_URL} to use an existing PostgreSQL instead of the embedded one.
 *
 * @param home             data folder ({@code .cohort/} at the repository root)
 * @param identityPort     gRPC port of identity
 * @param profilePort      gRPC port of profile
 * @param gatewayPort      port of the local gateway (REST, gRPC-Web, gRPC)
 * @param coursePort       gRPC port of course
 * @param groupPort        gRPC port of group
 * @param chatPort         gRPC port of chat
 * @param kafkaPort        port of the in-JVM Kafka broker
 * @param registryPort     port of the schema registry
 * @param embeddedPostgresPort port of the embedded PostgreSQL (not the machine's 5432, to never clash with it)
 * @param embeddedRedisPort port of the embedded Redis (likewise not 6379)
 * @param externalPostgres JDBC URL of a PostgreSQL to use instead (user/password in {@code postgresUser/Password})
 * @param externalRedis    Redis URL to use instead of the embedded one
 * @param objectStorePort  port of the embedded S3-compatible store (S3Proxy); 0 for a free one
 * @param notificationPort gRPC port of notification
 * @param mailPort         SMTP port of the embedded mail server (GreenMail); 0 for a free one
 * @param searchPort       gRPC port of search
 * @param moderationPort   gRPC port of moderation
 */
public record StackSettings(Path home, int gatewayPort, int identityPort, int profilePort, int coursePort, int groupPort,
                            int chatPort,
                            int kafkaPort, int registryPort,
                            int embeddedPostgresPort, int embeddedRedisPort,
                            Optional<String> externalPostgres, String postgresUser, String postgresPassword,
                            Optional<String> externalRedis, int objectStorePort, int notificationPort, int mailPort,
                            int searchPort, int moderationPort) {

    /** Settings with moderation on a free port (for tests written before moderation). */
    public StackSettings(Path home, int gatewayPort, int identityPort, int profilePort, int coursePort, int groupPort,
                         int chatPort, int kafkaPort, int registryPort, int embeddedPostgresPort, int embeddedRedisPort,
                         Optional<String> externalPostgres, String postgresUser, String postgresPassword,
                         Optional<String> externalRedis, int objectStorePort, int notificationPort, int mailPort,
                         int searchPort) {
        this(home, gatewayPort, identityPort, profilePort, coursePort, groupPort, chatPort, kafkaPort, registryPort,
                embeddedPostgresPort, embeddedRedisPort, externalPostgres, postgresUser, postgresPassword, externalRedis,
                objectStorePort, notificationPort, mailPort, searchPort, chatPort == 0 ? 0 : freePort());
    }

    /** Settings with search on a free port (for tests written before search). */
    public StackSettings(Path home, int gatewayPort, int identityPort, int profilePort, int coursePort, int groupPort,
                         int chatPort, int kafkaPort, int registryPort, int embeddedPostgresPort, int embeddedRedisPort,
                         Optional<String> externalPostgres, String postgresUser, String postgresPassword,
                         Optional<String> externalRedis, int objectStorePort, int notificationPort, int mailPort) {
        this(home, gatewayPort, identityPort, profilePort, coursePort, groupPort, chatPort, kafkaPort, registryPort,
                embeddedPostgresPort, embeddedRedisPort, externalPostgres, postgresUser, postgresPassword, externalRedis,
                objectStorePort, notificationPort, mailPort, chatPort == 0 ? 0 : freePort());
    }

    /** Settings with notification on a free port and mail on any (for tests written before notification). */
    public StackSettings(Path home, int gatewayPort, int identityPort, int profilePort, int coursePort, int groupPort,
                         int chatPort, int kafkaPort, int registryPort, int embeddedPostgresPort, int embeddedRedisPort,
                         Optional<String> externalPostgres, String postgresUser, String postgresPassword,
                         Optional<String> externalRedis, int objectStorePort) {
        this(home, gatewayPort, identityPort, profilePort, coursePort, groupPort, chatPort, kafkaPort, registryPort,
                embeddedPostgresPort, embeddedRedisPort, externalPostgres, postgresUser, postgresPassword, externalRedis,
                objectStorePort, chatPort == 0 ? 0 : freePort(), 0);
    }

    /** Settings with the object store on a free port (for tests that do not look at it). */
    public StackSettings(Path home, int gatewayPort, int identityPort, int profilePort, int coursePort, int groupPort,
                         int chatPort, int kafkaPort, int registryPort, int embeddedPostgresPort, int embeddedRedisPort,
                         Optional<String> externalPostgres, String postgresUser, String postgresPassword,
                         Optional<String> externalRedis) {
        this(home, gatewayPort, identityPort, profilePort, coursePort, groupPort, chatPort, kafkaPort, registryPort,
                embeddedPostgresPort, embeddedRedisPort, externalPostgres, postgresUser, postgresPassword, externalRedis,
                0);
    }

    public static StackSettings fromEnvironment(Path defaultHome) {
        Function<String, Optional<String>> read = name -> Optional.ofNullable(System.getProperty(
                        name.toLowerCase().replace('_', '.')))
                .or(() -> Optional.ofNullable(System.getenv(name)))
                .filter(value -> !value.isBlank());
        return new StackSettings(
                read.apply("COHORT_HOME").map(Path::of).orElse(defaultHome).toAbsolutePath(),
                read.apply("COHORT_GATEWAY_PORT").map(Integer::parseInt).orElse(8080),
                read.apply("COHORT_IDENTITY_PORT").map(Integer::parseInt).orElse(9101),
                read.apply("COHORT_PROFILE_PORT").map(Integer::parseInt).orElse(9102),
                read.apply("COHORT_COURSE_PORT").map(Integer::parseInt).orElse(9103),
                read.apply("COHORT_GROUP_PORT").map(Integer::parseInt).orElse(9104),
                read.apply("COHORT_CHAT_PORT").map(Integer::parseInt).orElse(9105),
                read.apply("COHORT_KAFKA_PORT").map(Integer::parseInt).orElse(9092),
                read.apply("COHORT_SCHEMA_REGISTRY_PORT").map(Integer::parseInt).orElse(8081),
                read.apply("COHORT_EMBEDDED_POSTGRES_PORT").map(Integer::parseInt).orElse(15432),
                read.apply("COHORT_EMBEDDED_REDIS_PORT").map(Integer::parseInt).orElse(16379),
                read.apply("COHORT_POSTGRES_URL"),
                read.apply("COHORT_POSTGRES_USER").orElse("postgres"),
                read.apply("COHORT_POSTGRES_PASSWORD").orElse(""),
                read.apply("COHORT_REDIS_URL"),
                read.apply("COHORT_OBJECT_STORE_PORT").map(Integer::parseInt).orElse(19000),
                read.apply("COHORT_NOTIFICATION_PORT").map(Integer::parseInt).orElse(9106),
                read.apply("COHORT_MAIL_PORT").map(Integer::parseInt).orElse(3025),
                read.apply("COHORT_SEARCH_PORT").map(Integer::parseInt).orElse(9107),
                read.apply("COHORT_MODERATION_PORT").map(Integer::parseInt).orElse(9108));
    }

    public Path dataDir(String component) {
        return home.resolve("data").resolve(component);
    }

    public Path secretsDir() {
        return home.resolve("secrets");
    }

    public Path logFile() {
        return home.resolve("logs").resolve("cohort.log");
    }

    /** Records of the stack's processes (its JVM and the servers it spawns): see {@link ProcessRecords}. */
    public Path runDir() {
        return home.resolve("run");
    }

    /** A free port for a server bound later: see {@link FreePorts#pick()}. */
    public static int freePort() {
        return FreePorts.pick();
    }
}
