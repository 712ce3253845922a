package dev.cohort.identity;

import dev.cohort.testkit.grpc.BoundGrpcPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Base of identity's behaviour tests: the service on a random port and a real gRPC client connected to it.
 * Each subclass declares its own {@code @DynamicPropertySource} (so it gets its own database and key prefix)
 * calling {@link IdentityTestSupport#register}.
 */
@SpringBootTest(classes = IdentityApplication.class, properties = "spring.config.name=" + IdentityApplication.CONFIG_NAME)
@Import(IdentityTestSupport.PortCapture.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdentityServiceTest {

    @Autowired
    BoundGrpcPort port;
    IdentityClient client;

    @BeforeAll
    void connect() {
        client = new IdentityClient(port.get());
    }

    @AfterAll
    void disconnect() {
        client.close();
    }
}
