package dev.cohort.grpc.server.fuzz;

import build.buf.protovalidate.ValidatorFactory;
import com.google.protobuf.Message;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.server.StatusMapper;
import dev.cohort.grpc.server.ValidationInterceptor;
import dev.cohort.group.v1.GroupServiceGrpc;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.profile.v1.ProfileServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fuzz tests of the validation layer share: every request type of every service, and the check that
 * validating one ends in a clean outcome. A fuzz input names its request type on its first line
 * ({@code cohort.chat.v1.SendMessageRequest\n...}), so that kept inputs keep their meaning as RPCs are added; a
 * first line that names no request type still picks one (by its hash), so the fuzzer reaches them all.
 */
final class FuzzedRequests {

    /** Every request message type of the services served with these conventions, by full name. */
    static final Map<String, Message> REQUEST_TYPES = requestTypes(
            IdentityServiceGrpc.getServiceDescriptor(), ProfileServiceGrpc.getServiceDescriptor(),
            CourseServiceGrpc.getServiceDescriptor(), GroupServiceGrpc.getServiceDescriptor(),
            ChatServiceGrpc.getServiceDescriptor());

    private static final List<Message> BY_POSITION = List.copyOf(REQUEST_TYPES.values());

    static final ValidationInterceptor VALIDATION =
            new ValidationInterceptor(ValidatorFactory.newBuilder().build(), new StatusMapper("fuzz.cohort.dev"));
    private static final StatusMapper STATUS = new StatusMapper("fuzz.cohort.dev");

    private FuzzedRequests() {
    }

    /** The request type named on the input's first line (or picked by it), and the bytes after that line. */
    record Input(Message prototype, byte[] payload) {
        static Input of(byte[] data) {
            int newline = indexOf(data, (byte) '\n');
            String name = new String(data, 0, newline < 0 ? data.length : newline, StandardCharsets.UTF_8);
            byte[] payload = newline < 0 ? new byte[0] : Arrays.copyOfRange(data, newline + 1, data.length);
            Message prototype = REQUEST_TYPES.get(name);
            if (prototype == null) {
                prototype = BY_POSITION.get(Math.floorMod(name.hashCode(), BY_POSITION.size()));
            }
            return new Input(prototype, payload);
        }
    }

    /**
     * Validates {@code request} as every service does and turns the outcome into the status a caller would get:
     * anything thrown on the way is a finding. Violations must name a field and say what is wrong with it.
     */
    static void validateCleanly(Message request) {
        List<FieldViolation> violations = VALIDATION.violationsOf(request);
        if (violations.isEmpty()) {
            return;
        }
        for (FieldViolation violation : violations) {
            if (violation.field().isEmpty() || violation.description().isEmpty()) {
                throw new AssertionError("a violation without field or description: " + violation);
            }
        }
        StatusException status = STATUS.invalidArgument("REQUEST_INVALID", violations);
        StatusProto.fromStatusAndTrailers(status.getStatus(), status.getTrailers()).toByteArray();
    }

    private static Map<String, Message> requestTypes(ServiceDescriptor... services) {
        Map<String, Message> types = new TreeMap<>();
        for (ServiceDescriptor service : services) {
            for (MethodDescriptor<?, ?> method : service.getMethods()) {
                Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
                        .getMessagePrototype();
                types.put(prototype.getDescriptorForType().getFullName(), prototype);
            }
        }
        return types;
    }

    private static int indexOf(byte[] data, byte wanted) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
