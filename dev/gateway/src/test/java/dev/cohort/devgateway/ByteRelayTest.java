package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.cohort.course.v1.Course;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.GetCourseRequest;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gRPC and gRPC-Web calls reach the service byte for byte, and its answers come back byte for byte, as through
 * Envoy: the gateway does not parse and write messages again (ADR 87). The messages here are valid protobuf in a
 * form that parsing and writing again would change (a field given twice, a message given in two parts), so a
 * relay that parsed them would show. REST, which the gateway transcodes, reads the same answer as its typed form.
 */
class ByteRelayTest {

    private static final String COURSE_ID = UUID.randomUUID().toString();
    private static final MethodDescriptor<byte[], byte[]> GET_COURSE = CourseServiceGrpc.getGetCourseMethod()
            .toBuilder(RawMessages.BYTES, RawMessages.BYTES).build();

    /** GetCourseRequest with course_id twice: a parser keeps the last, so a rewrite would send one field. */
    private static final byte[] REQUEST = concat(
            stringField(1, "not this one"),
            stringField(1, COURSE_ID));
    /** GetCourseResponse with its course in two parts (id, then title), which a parser merges into one. */
    private static final byte[] ANSWER = concat(
            messageField(1, Course.newBuilder().setCourseId(COURSE_ID).build().toByteArray()),
            messageField(1, Course.newBuilder().setTitle("Relays, byte for byte").build().toByteArray()));

    private static final CopyOnWriteArrayList<byte[]> received = new CopyOnWriteArrayList<>();
    private static Server course;
    private static LocalGateway gateway;
    private static ManagedChannel grpc;
    private static HttpClient http;
    private static String accessToken;

    @BeforeAll
    static void startCourseAndGateway() throws Exception {
        TestIdentity identity = TestIdentity.shared();
        course = NettyServerBuilder.forPort(0)
                .addService(ServerServiceDefinition.builder(ServiceDescriptor.newBuilder(
                                CourseServiceGrpc.SERVICE_NAME).addMethod(GET_COURSE).build())
                        .addMethod(GET_COURSE, ServerCalls.asyncUnaryCall((request, answer) -> {
                            received.add(request);
                            answer.onNext(ANSWER);
                            answer.onCompleted();
                        }))
                        .build())
                .build().start();
        gateway = LocalGateway.start(GatewaySettings.defaults()
                .withPort(0)
                .withUpstream(GatewaySettings.IDENTITY, identity.target())
                .withUpstream(GatewaySettings.COURSE, "127.0.0.1:" + course.getPort()));
        grpc = NettyChannelBuilder.forAddress("127.0.0.1", gateway.port()).usePlaintext().build();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        accessToken = identity.newAccessToken();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (grpc != null) {
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (gateway != null) {
            gateway.close();
        }
        if (course != null) {
            course.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void grpcMessagesTravelUnchangedBothWays() {
        received.clear();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + accessToken);

        io.grpc.Channel withToken = ClientInterceptors.intercept(grpc, MetadataUtils.newAttachHeadersInterceptor(headers));

        byte[] answer = ClientCalls.blockingUnaryCall(withToken, GET_COURSE,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), REQUEST);

        assertThat(answer).isEqualTo(ANSWER);
        assertThat(received).singleElement().isEqualTo(REQUEST);
    }

    @Test
    void grpcWebMessagesTravelUnchangedBothWays() throws Exception {
        received.clear();
        byte[] frame = ByteBuffer.allocate(5 + REQUEST.length).put((byte) 0).putInt(REQUEST.length).put(REQUEST)
                .array();

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/" + GET_COURSE.getFullMethodName()))
                .header("Content-Type", "application/grpc-web+proto")
                .header("Authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(frame)).build(), HttpResponse.BodyHandlers.ofByteArray());

        GrpcWebFrames frames = GrpcWebFrames.parse(response.body());
        assertThat(frames.trailers()).containsPattern("grpc-status: ?0\\b");
        assertThat(frames.messages()).singleElement().isEqualTo(ANSWER);
        assertThat(received).singleElement().isEqualTo(REQUEST);
    }

    @Test
    void restReadsTheSameAnswerTyped() throws Exception {
        received.clear();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/course/courses/" + COURSE_ID))
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answered = new ObjectMapper().readTree(response.body()).get("course");
        assertThat(answered.get("courseId").asText()).isEqualTo(COURSE_ID);
        assertThat(answered.get("title").asText()).isEqualTo("Relays, byte for byte");
        assertThat(received).singleElement().isEqualTo(GetCourseRequest.newBuilder().setCourseId(COURSE_ID).build()
                .toByteArray());
    }

    private static byte[] stringField(int number, String value) {
        return field(number, ByteString.copyFromUtf8(value).toByteArray());
    }

    private static byte[] messageField(int number, byte[] message) {
        return field(number, message);
    }

    private static byte[] field(int number, byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.writeByteArray(number, bytes);
            coded.flush();
            return out.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
