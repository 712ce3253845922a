package dev.cohort.profile;

import dev.cohort.profile.app.Classmates;
import dev.cohort.profile.app.Registrations;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the tests of the running service share: a client of its bound gRPC port, and {@link People} to register
 * people and make them classmates. Each test class still declares its own Spring test annotations and
 * {@code @DynamicPropertySource} (its own database).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProfileServiceTest {

    @Autowired
    BoundGrpcPort port;
    @Autowired
    Registrations registrations;
    @Autowired
    Classmates classmates;
    ProfileClient client;
    People people;

    @BeforeAll
    void connect() {
        client = new ProfileClient(port.get());
        people = new People(registrations, classmates);
    }

    @AfterAll
    void disconnect() {
        client.close();
    }
}
