package dev.cohort.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.common.v1.AccessPolicy;
import dev.cohort.common.v1.AccessProto;
import dev.cohort.common.v1.Role;
import dev.cohort.moderation.v1.ModerationServiceGrpc;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Least privilege, read from the contract itself: every RPC of the service declares a policy, and every one
 * declared for admins refuses a student and an instructor with PERMISSION_DENIED, so a new admin RPC cannot be
 * left open by mistake.
 */
@SpringBootTest(classes = ModerationApplication.class,
        properties = "spring.config.name=" + ModerationApplication.CONFIG_NAME)
@Import(ModerationTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAccessTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ModerationTestSupport.register(registry, AdminAccessTest.class);
    }

    @Autowired
    BoundGrpcPort port;
    ModerationClient client;

    @BeforeAll
    void connect() {
        client = new ModerationClient(port.get());
    }

    @AfterAll
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void everyAdminRpcRefusesOthersWithPermissionDenied() {
        List<MethodDescriptor<?, ?>> adminMethods = ModerationServiceGrpc.getServiceDescriptor().getMethods().stream()
                .filter(method -> policyOf(method).getRolesList().contains(Role.ROLE_ADMIN))
                .toList();
        assertThat(adminMethods).extracting(MethodDescriptor::getBareMethodName)
                .contains("ListAuditEntries", "VerifyAuditLog", "ResolveReport", "GetSpamPolicy", "SetSpamPolicy");
        for (MethodDescriptor<?, ?> method : adminMethods) {
            for (String role : List.of("STUDENT", "INSTRUCTOR")) {
                StatusRuntimeException refused = GrpcFailures.failure(() -> call(method, role));
                assertThat(refused.getStatus().getCode()).as(method.getFullMethodName() + " as " + role)
                        .isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
            }
        }
    }

    @Test
    void everyRpcDeclaresAPolicy() {
        assertThat(ModerationServiceGrpc.getServiceDescriptor().getMethods())
                .allSatisfy(method -> assertThat(descriptorOf(method).getOptions().hasExtension(AccessProto.access))
                        .as(method.getFullMethodName()).isTrue());
    }

    @SuppressWarnings("unchecked")
    private <Q, R> void call(MethodDescriptor<Q, R> method, String role) {
        Q request = (Q) ((MethodDescriptor.PrototypeMarshaller<Q>) method.getRequestMarshaller()).getMessagePrototype();
        var channel = io.grpc.ClientInterceptors.intercept(client.channel(),
                MetadataUtils.newAttachHeadersInterceptor(ModerationClient.headers(UUID.randomUUID(), role)));
        var options = CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS);
        if (method.getType() == MethodDescriptor.MethodType.UNARY) {
            ClientCalls.blockingUnaryCall(channel, method, options, request);
        } else {
            ClientCalls.blockingServerStreamingCall(channel, method, options, request).hasNext();
        }
    }

    private static AccessPolicy policyOf(MethodDescriptor<?, ?> method) {
        return descriptorOf(method).getOptions().getExtension(AccessProto.access);
    }

    private static com.google.protobuf.Descriptors.MethodDescriptor descriptorOf(MethodDescriptor<?, ?> method) {
        return ((ProtoMethodDescriptorSupplier) method.getSchemaDescriptor()).getMethodDescriptor();
    }

}
