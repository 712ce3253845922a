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

        // protobuf-java refuses invalid UTF-8 in a proto3 string while parsing, before any interceptor; grpc-java
        // then ends the call with UNKNOWN ("Application error processing RPC"), not INVALID_ARGUMENT (ADR 18).
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
        assertThat(identityService.invocations.get()).isZero();
    }

    @Test
    void checksEveryMessageOfAClientStreamAndEndsItAtTheFirstBadOne() throws Exception {
        CompletableFuture<ImportCatalogResponse> answer = new CompletableFuture<>();
        StreamObserver<ImportCatalogRequest> records = CourseServiceGrpc.newStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).importCatalog(observerOf(answer));

        records.onNext(course("CPSC 110", "Computation"));
        records.onNext(course("CPSC 210", "Software\u001B[2J Construction"));
        records.onNext(course("CPSC 310", "Engineering"));
        records.onCompleted();

        Throwable failure = catchFailure(answer);
        assertThat(failure).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException error = (StatusRuntimeException) failure;
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(detail(error, BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField).containsExactly("course.title");
        assertThat(courseService.received).extracting(r -> r.getCourse().getCode()).containsExactly("CPSC 110");
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

    private static MethodDescriptor<byte[], byte[]> rawRegister() {
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
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(IdentityServiceGrpc.getRegisterMethod().getFullMethodName())
                .setRequestMarshaller(raw).setResponseMarshaller(raw).build();
    }
}
