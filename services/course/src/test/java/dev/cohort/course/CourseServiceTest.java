package dev.cohort.course;

import dev.cohort.testkit.grpc.BoundGrpcPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Base of the course service's behaviour tests: the service on a random port and a real gRPC client connected
 * to it. Each subclass declares its own {@code @DynamicPropertySource} (so it gets its own database) calling
 * {@link CourseTestSupport#register}.
 */
@SpringBootTest(classes = CourseApplication.class, properties = "spring.config.name=" + CourseApplication.CONFIG_NAME)
@Import(CourseTestSupport.Wiring.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CourseServiceTest {

    @Autowired
    BoundGrpcPort port;
    CourseClient client;

    @BeforeAll
    void connect() {
        client = new CourseClient(port.get());
    }

    @AfterAll
    void disconnect() {
        client.close();
    }
}
