package dev.cohort.events.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.events.identity.UserRegistered;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The serde contract against a minimal in-test registry, plus what needs injected registry
 * failures: Confluent error bodies, timeouts, unreachable registries, failures not cached.
 */
class MiniRegistrySerdeTest extends SerdeContract {
    private static MiniRegistry registry;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = MiniRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void noInjectedFailures() {
        registry.failNext(0, 200, "");
        registry.releaseAnswers();
    }

    @Override
    String registryUrl() {
        return registry.url();
    }

    @Test
    void registryErrorsCarryTheConfluentErrorCodeAndMessage() {
        registry.failNext(1, 409, """
                {"error_code":409,"message":"Schema being registered is incompatible with an earlier schema"}""");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> newClient().register("s-409", UserRegistered.getClassSchema()));
        assertEquals(409, e.httpStatus());
        assertEquals(SchemaRegistryException.INCOMPATIBLE_SCHEMA, e.errorCode());
        assertTrue(e.getMessage().contains("POST /subjects/s-409/versions failed with HTTP 409, error_code 409: "
                + "Schema being registered is incompatible"), e.getMessage());
        assertFalse(e.isTransient());

        registry.failNext(1, 502, "<html>Bad Gateway</html>");
        SchemaRegistryException gateway = assertThrows(SchemaRegistryException.class, () -> newClient().schemaById(1));
        assertEquals(SchemaRegistryException.NO_ERROR_CODE, gateway.errorCode());
        assertTrue(gateway.getMessage().contains("HTTP 502: <html>Bad Gateway</html>"), gateway.getMessage());
        assertTrue(gateway.isTransient());
    }

    @Test
    void failuresAreNotCached() {
        SchemaRegistryClient client = newClient();
        registry.failNext(1, 500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client.register("s-retry", UserRegistered.getClassSchema()));
        assertEquals(50001, e.errorCode());
        assertTrue(client.register("s-retry", UserRegistered.getClassSchema()) > 0);
    }

    @Test
    void everyRequestHasATimeout() {
        registry.holdAnswers();
        SchemaRegistryClient impatient = new SchemaRegistryClient(URI.create(registry.url()), Duration.ofSeconds(2),
                Duration.ofMillis(200));
        long start = System.nanoTime();
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> impatient.schemaById(1));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1_400, "gave up after " + millis + " ms");
        assertEquals(0, e.httpStatus());
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("timeout"), e.getMessage());
    }

    @Test
    void defaultTimeoutsAreTwoSecondsToConnectAndFiveForTheRequest() {
        assertEquals(Duration.ofSeconds(2), SchemaRegistryClient.DEFAULT_CONNECT_TIMEOUT);
        assertEquals(Duration.ofSeconds(5), SchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT);
    }

    @Test
    void anUnreachableRegistryIsATransientFailureNotAPoisonRecord() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AvroDeserializer deserializer = new AvroDeserializer(new SchemaRegistryClient("http://127.0.0.1:" + closedPort));
        byte[] bytes = new byte[] {0, 0, 0, 0, 1, 2};
        SerializationException e = assertThrows(SerializationException.class,
                () -> deserializer.deserialize("t", bytes));
        assertFalse(e instanceof PoisonRecordException, e.getMessage());
        assertTrue(e.getMessage().contains("not a poison record; retry"), e.getMessage());
        SchemaRegistryException cause = assertInstanceOf(SchemaRegistryException.class, e.getCause());
        assertTrue(cause.isTransient());

        AvroSerializer<UserRegistered> serializer = new AvroSerializer<>(
                new SchemaRegistryClient("http://127.0.0.1:" + closedPort), true);
        SerializationException s = assertThrows(SerializationException.class,
                () -> serializer.serialize("t", SampleEvents.userRegistered()));
        assertTrue(s.getMessage().contains("Cannot get a schema id for subject 't-dev.cohort.events.identity.UserRegistered'"),
                s.getMessage());
    }

    @Test
    void subjectsFollowTopicRecordNameStrategy() {
        String topic = newTopic("subject");
        byte[] bytes = new AvroSerializer<UserRegistered>(newClient(), true).serialize(topic, SampleEvents.userRegistered());
        assertEquals(1, registry.count("POST /subjects/" + topic + "-dev.cohort.events.identity.UserRegistered/versions"));
        assertEquals(0, bytes[0]);
        assertTrue(ByteBuffer.wrap(bytes, 1, 4).getInt() > 0);
    }
}
