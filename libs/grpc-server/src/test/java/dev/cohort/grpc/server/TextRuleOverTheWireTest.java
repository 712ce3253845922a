package dev.cohort.grpc.server;

import static dev.cohort.grpc.server.ServerConventionsTest.catchStatus;
import static dev.cohort.grpc.server.ServerConventionsTest.detail;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.cohort.course.v1.CourseRecord;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.ImportCatalogResponse;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.RegisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The text rule as a client meets it: through a real server with the conventions auto-configured. */
@SpringBootTest(classes = TestServerApplication.class,
        properties = {"spring.grpc.server.port=0", "spring.application.name=fake"})
class TextRuleOverTheWireTest {

    @Autowired
    TestServerApplication.BoundPort port;
    @Autowired
    FakeIdentityService identityService;
    @Autowired
    FakeCourseService courseService;

    ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port.get()).usePlaintext().build();
        identityService.invocations.set(0);
        courseService.received.clear();
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    @Test
    void refusesAControlCharacterInAUnaryRequestBeforeTheHandlerRuns() {
        RegisterRequest request = RegisterRequest.newBuilder().setEmail("ada@example.org")
                .setPassword("correct horse battery").setDisplayName("Ada\u0000").build();

        StatusRuntimeException error = catchStatus(() -> IdentityServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).register(request));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(error, BadRequest.class).getFieldViolationsList()).singleElement().satisfies(violation -> {
            assertThat(violation.getField()).isEqualTo("display_name");
            assertThat(violation.getDescription()).contains("control characters").contains("U+0000");
        });
        assertThat(detail(error, ErrorInfo.class).getReason()).isEqualTo("REQUEST_INVALID");
        assertThat(identityService.invocations.get()).isZero();
    }

    @Test
    void neverHandsInvalidUtf8OnTheWireToTheHandler() throws IOException {
        // What no protobuf library writes, but a hand-made client can: the UTF-8-style encoding of a lone surrogate.
        byte[] body = registerWithRawDisplayName(new byte[] {'A', (byte) 0xED, (byte) 0xA0, (byte) 0x80});

        StatusRuntimeException error = catchStatus(() -> ClientCalls.blockingUnaryCall(channel, rawRegister(),
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), body));

        // protobuf-java refuses invalid UTF-8 in a proto3 string while parsing, before any interceptor; the server
        // answers that as the caller's error, naming the field (RequestParsing), and the handler never runs.
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(error, BadRequest.class).getFieldViolationsList()).singleElement().satisfies(violation -> {
            assertThat(violation.getField()).isEqualTo("display_name");
            assertThat(violation.getDescription()).contains("valid Unicode").contains("UTF-8");
        });
        assertThat(detail(error, ErrorInfo.class).getReason()).isEqualTo("REQUEST_INVALID");
        assertThat(identityService.invocations.get()).isZero();
    }

    @Test
    void answersARequestThatIsNoMessageAtAllWithInvalidArgument() {
        byte[] truncated = {0x0A, 0x20, 'a', 'd', 'a'}; // field 1 announces 32 bytes and has 3

        StatusRuntimeException error = catchStatus(() -> ClientCalls.blockingUnaryCall(channel, rawRegister(),
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), truncated));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(error, BadRequest.class).getFieldViolationsList()).singleElement().satisfies(violation ->
                assertThat(violation.getDescription()).contains("not a well-formed cohort.identity.v1.RegisterRequest"));
        assertThat(identityService.invocations.get()).isZero();
    }

    @Test
    void endsAClientStreamAtARecordWhoseBytesAreNotUtf8AndNamesTheNestedField() throws Exception {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        StreamObserver<byte[]> records = ClientCalls.asyncClientStreamingCall(channel.newCall(
                raw(CourseServiceGrpc.getImportCatalogMethod()),
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)), observerOf(answer));

        records.onNext(course("CPSC 110", "Computation").toByteArray());
        records.onNext(courseWithRawTitle("CPSC 210", new byte[] {'S', (byte) 0xC3, '(', 'x'}));
        records.onNext(course("CPSC 310", "Engineering").toByteArray());
        records.onCompleted();

        Throwable failure = catchFailure(answer);
        assertThat(failure).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException error = (StatusRuntimeException) failure;
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(error, BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField).containsExactly("course.title");
        assertThat(courseService.received).extracting(r -> r.getCourse().getCode()).containsExactly("CPSC 110");
    }

    @Test
    void leavesTheRecordsOfTheImportStreamToItsHandlerWhichReportsEachBadOneAsItsOwnError() {
        // ImportCatalog's records are exempt from request validation (ignore = IGNORE_ALWAYS): one bad record must
        // not end an import of thousands. Course checks each with the same rules (its CatalogTest).
        CompletableFuture<ImportCatalogResponse> answer = new CompletableFuture<>();
        StreamObserver<ImportCatalogRequest> records = CourseServiceGrpc.newStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).importCatalog(observerOf(answer));

        records.onNext(course("CPSC 110", "Computation"));
        records.onNext(course("CPSC 210", "Software\u001B[2J Construction"));
        records.onNext(course("CPSC 310", "Engineering"));
        records.onCompleted();

        assertThat(answer).succeedsWithin(java.time.Duration.ofSeconds(10));
        assertThat(courseService.received).extracting(r -> r.getCourse().getCode())
                .containsExactly("CPSC 110", "CPSC 210", "CPSC 310");
    }

    private static ImportCatalogRequest course(String code, String title) {
        return ImportCatalogRequest.newBuilder()
                .setCourse(CourseRecord.newBuilder().setCode(code).setTitle(title).setCredits(3)).build();
    }

    private static <T> StreamObserver<T> observerOf(CompletableFuture<T> answer) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                answer.complete(value);
            }

            @Override
            public void onError(Throwable error) {
                answer.completeExceptionally(error);
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private static Throwable catchFailure(CompletableFuture<?> answer) throws Exception {
        try {
            answer.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            return failed.getCause();
        }
        throw new AssertionError("expected the call to fail");
    }

    /** A RegisterRequest written by hand, so that display_name (field 3) can hold bytes that are not UTF-8. */
    private static byte[] registerWithRawDisplayName(byte[] displayName) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeString(1, "ada@example.org");
        out.writeString(2, "correct horse battery");
        out.writeBytes(3, ByteString.copyFrom(displayName));
        out.flush();
        return bytes.toByteArray();
    }

    /** An ImportCatalogRequest written by hand, with bytes of the caller's choice in course.title. */
    private static byte[] courseWithRawTitle(String code, byte[] title) throws IOException {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        CodedOutputStream recordOut = CodedOutputStream.newInstance(record);
        recordOut.writeString(CourseRecord.getDescriptor().findFieldByName("code").getNumber(), code);
        recordOut.writeBytes(CourseRecord.getDescriptor().findFieldByName("title").getNumber(), ByteString.copyFrom(title));
        recordOut.flush();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        CodedOutputStream requestOut = CodedOutputStream.newInstance(request);
        requestOut.writeBytes(ImportCatalogRequest.getDescriptor().findFieldByName("course").getNumber(),
                ByteString.copyFrom(record.toByteArray()));
        requestOut.flush();
        return request.toByteArray();
    }

    private static MethodDescriptor<byte[], byte[]> rawRegister() {
        return raw(IdentityServiceGrpc.getRegisterMethod());
    }

    /** The method as a client that sends and receives bytes sees it: any bytes reach the server as they are. */
    private static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
        MethodDescriptor.Marshaller<byte[]> raw = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException broken) {
                    throw new IllegalStateException(broken);
                }
            }
        };
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(method.getType())
                .setFullMethodName(method.getFullMethodName())
                .setRequestMarshaller(raw).setResponseMarshaller(raw).build();
    }
}
