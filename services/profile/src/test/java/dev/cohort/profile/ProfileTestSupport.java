package dev.cohort.profile;

import dev.cohort.auth.JwkSetSource;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.auth.TestAccessTokens;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every profile test class needs: its own database and Redis prefix, access tokens from a test issuer
 * instead of identity, the port the server bound, and a count of the SQL statements the service prepares.
 */
final class ProfileTestSupport {

    /** The issuer of every test token; the service verifies them against its keys (see {@link TestKeys}). */
    static final TestAccessTokens TOKENS = new TestAccessTokens();

    private ProfileTestSupport() {
    }

    /**
     * Registers a fresh database and Redis prefix for {@code testClass}. With {@code events}, the outbox relay and
     * the consumers run (against Kafka and a registry the test registers); without, requests are proven alone.
     */
    static void register(DynamicPropertyRegistry registry, Class<?> testClass, boolean events) {
        CohortTestInfrastructure.register(registry, testClass);
        registry.add("spring.grpc.server.port", () -> "0");
        registry.add("cohort.events.relay.enabled", () -> Boolean.toString(events));
        registry.add("cohort.profile.consumers-enabled", () -> Boolean.toString(events));
    }

    /** Verification keys of {@link #TOKENS}, in place of identity's JWK Set; the bound port; the statement count. */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestKeys {
        @Bean
        JwkSetSource keys() {
            return TOKENS::jwkSet;
        }

        @Bean
        BoundGrpcPort boundPort() {
            return new BoundGrpcPort();
        }

        @Bean
        static StatementCount statementCount() {
            return new StatementCount();
        }
    }

    /**
     * Counts the statements prepared on the service's connections (wraps its DataSource), so a test can tell how
     * many queries a call made. Only meaningful while nothing else runs: without the relay and the consumers.
     */
    static final class StatementCount implements BeanPostProcessor {

        private final AtomicInteger prepared = new AtomicInteger();

        int get() {
            return prepared.get();
        }

        void reset() {
            prepared.set(0);
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (bean instanceof DataSource dataSource && !(bean instanceof Counting)) {
                return new Counting(dataSource);
            }
            return bean;
        }

        private final class Counting extends DelegatingDataSource {
            Counting(DataSource target) {
                super(target);
            }

            @Override
            public Connection getConnection() throws java.sql.SQLException {
                return counted(super.getConnection());
            }

            @Override
            public Connection getConnection(String username, String password) throws java.sql.SQLException {
                return counted(super.getConnection(username, password));
            }

            private Connection counted(Connection connection) {
                return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                            String called = method.getName();
                            if (called.equals("prepareStatement") || called.equals("createStatement")
                                    || called.equals("prepareCall")) {
                                prepared.incrementAndGet();
                            }
                            try {
                                return method.invoke(connection, arguments);
                            } catch (java.lang.reflect.InvocationTargetException failure) {
                                throw failure.getCause();
                            }
                        });
            }
        }
    }
}
