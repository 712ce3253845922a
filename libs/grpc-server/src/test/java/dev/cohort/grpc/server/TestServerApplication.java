package dev.cohort.grpc.server;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/** A minimal Boot app serving {@link FakeIdentityService} and {@link FakeCourseService} with the Cohort conventions auto-configured. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({FakeIdentityService.class, FakeCourseService.class})
class TestServerApplication {

    /** The port the gRPC server really bound (the tests ask for port 0). */
    static final class BoundPort implements ApplicationListener<GrpcServerStartedEvent> {
        private final AtomicInteger port = new AtomicInteger(-1);

        @Override
        public void onApplicationEvent(GrpcServerStartedEvent event) {
            port.set(event.getPort());
        }

        int get() {
            return port.get();
        }
    }

    @Bean
    BoundPort boundPort() {
        return new BoundPort();
    }
}
