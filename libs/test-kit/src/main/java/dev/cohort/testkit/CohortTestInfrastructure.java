package dev.cohort.testkit;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Real PostgreSQL and Redis for a Spring test, in one line:
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void infrastructure(DynamicPropertyRegistry registry) {
 *     CohortTestInfrastructure.register(registry, MyServiceTest.class);
 * }
 * }</pre>
 */
public final class CohortTestInfrastructure {

    private CohortTestInfrastructure() {
    }

    /**
     * For a Spring test's static {@code @DynamicPropertySource} method: gives the test class its own
     * database and Redis key prefix. Registers {@code spring.datasource.url|username|password},
     * {@code cohort.redis.url} and {@code cohort.redis.key-prefix}.
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
    }
}
