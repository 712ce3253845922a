package dev.cohort.testkit;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Real PostgreSQL, Redis and an S3-compatible store for a Spring test, in one line:
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void infrastructure(DynamicPropertyRegistry registry) {
 *     CohortTestInfrastructure.register(registry, MyServiceTest.class);
 * }
 * }</pre>
 */
public final class CohortTestInfrastructure {

    /** One page-token key per test JVM, so that every service (and replica) a test starts accepts the others' tokens. */
    private static final String PAGING_TOKEN_KEY = randomKey();

    private CohortTestInfrastructure() {
    }

    /** Base64 of 32 random bytes, for {@code cohort.paging.token-key} (services refuse to start without one). */
    public static String pagingTokenKey() {
        return PAGING_TOKEN_KEY;
    }

    static final String IDLE_CONNECTIONS_PER_CONTEXT = "1";
    static final String IDLE_TIMEOUT = "10000"; // milliseconds: HikariDataSource binds it as a long

    /**
     * For a Spring test's static {@code @DynamicPropertySource} method: gives the test class its own
     * database, Redis key prefix and bucket. Registers {@code spring.datasource.url|username|password},
     * {@code cohort.redis.url}, {@code cohort.redis.key-prefix}, {@code cohort.paging.token-key} and
     * {@code cohort.object-store.endpoint|region|access-key|secret-key|path-style|bucket}, and lets the
     * connection pool shrink to one idle connection ({@code spring.datasource.hikari.minimum-idle|idle-timeout}).
     * The object store starts only when a context reads one of its properties (an application with
     * libs/object-store).
     */
    public static void register(DynamicPropertyRegistry registry, Class<?> testClass) {
        String hint = testClass.getSimpleName();
        TestDatabase database = TestPostgres.shared().createDatabase(hint);
        TestRedis redis = TestRedis.shared();
        String keyPrefix = redis.newKeyPrefix(hint);

        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("cohort.redis.url", redis::url);
        registry.add("cohort.redis.key-prefix", () -> keyPrefix);
        registry.add("cohort.paging.token-key", CohortTestInfrastructure::pagingTokenKey);
        // Spring keeps a test class's context (and its pool) open for the classes after it: pools that shrink to
        // one idle connection keep a module's many contexts under the server's connection limit (100 by default).
        registry.add("spring.datasource.hikari.minimum-idle", () -> IDLE_CONNECTIONS_PER_CONTEXT);
        registry.add("spring.datasource.hikari.idle-timeout", () -> IDLE_TIMEOUT);
        registerObjectStore(registry, hint);
    }

    /** The {@code cohort.object-store.*} properties alone, with a bucket of the test's own. */
    public static void registerObjectStore(DynamicPropertyRegistry registry, Class<?> testClass) {
        registerObjectStore(registry, testClass.getSimpleName());
    }

    private static void registerObjectStore(DynamicPropertyRegistry registry, String hint) {
        // Suppliers, so that S3Proxy starts with the first context that reads them, not with every Spring test.
        java.util.function.Supplier<String> bucket = new java.util.function.Supplier<>() {
            private String name;

            @Override
            public synchronized String get() {
                if (name == null) {
                    name = TestObjectStore.shared().newBucket(hint);
                }
                return name;
            }
        };
        registry.add("cohort.object-store.endpoint", () -> TestObjectStore.shared().endpoint());
        registry.add("cohort.object-store.region", () -> TestObjectStore.shared().region());
        registry.add("cohort.object-store.access-key", () -> TestObjectStore.shared().accessKey());
        registry.add("cohort.object-store.secret-key", () -> TestObjectStore.shared().secretKey());
        registry.add("cohort.object-store.path-style", () -> "true");
        registry.add("cohort.object-store.bucket", bucket::get);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }
}
