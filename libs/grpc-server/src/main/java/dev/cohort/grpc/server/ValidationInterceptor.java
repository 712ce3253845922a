package dev.cohort.grpc.server;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import com.google.protobuf.Message;
import dev.cohort.grpc.common.errors.FieldViolation;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every request message against its {@code buf.validate} rules and the contracts' text rule
 * ({@link TextRule}: no control characters, valid Unicode) before the handler sees it. A bad message closes the
 * call with INVALID_ARGUMENT and a {@code google.rpc.BadRequest} listing every violation; the handler never runs
 * on it, so nothing can be half-written. Every inbound message of a client stream is checked; the frames of a
 * bidirectional stream are checked by its handler with {@link #violationsOf}, so that one bad frame is answered
 * on the stream instead of ending it.
 */
public final class ValidationInterceptor implements ServerInterceptor {

    static final String REASON = "REQUEST_INVALID";

    private final Validator validator;
    private final TextRule textRule = new TextRule();
    private final UuidListRule uuidListRule = new UuidListRule();
    private final StatusMapper statusMapper;

    public ValidationInterceptor(Validator validator, StatusMapper statusMapper) {
        this.validator = validator;
        this.statusMapper = statusMapper;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getType() == MethodDescriptor.MethodType.BIDI_STREAMING) {
            // A bidirectional stream carries many independent commands: one bad command must be answered on the
            // stream (with its correlation id), not end it. Its handler validates each frame with violationsOf.
            return next.startCall(call, headers);
        }
        return new ValidatingListener<>(next.startCall(call, headers), call);
    }

    private final class ValidatingListener<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {

        private final ServerCall<Q, R> call;
        private boolean rejected;

        ValidatingListener(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call) {
            super(delegate);
            this.call = call;
        }

        @Override
        public void onMessage(Q message) {
            if (rejected) {
                return;
            }
            List<FieldViolation> violations = violationsOf(message);
            if (violations.isEmpty()) {
                super.onMessage(message);
                return;
            }
            rejected = true;
            StatusException status = statusMapper.invalidArgument(REASON, violations);
            call.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
        }

        @Override
        public void onHalfClose() {
            if (!rejected) {
                super.onHalfClose();
            }
        }
    }

    /**
     * The violations of {@code message}'s rules (empty when valid), for handlers that validate themselves: the
     * text rule's first, then the contract's {@code buf.validate} rules: by {@link UuidListRule} for a request whose
     * only rules are lists of ids (ADR 0073), by protovalidate for every other, with the same paths and messages.
     */
    public List<FieldViolation> violationsOf(Object message) {
        if (!(message instanceof Message protoMessage)) {
            return List.of();
        }
        List<FieldViolation> textViolations = textRule.violationsOf(protoMessage);
        UuidListRule.Plan uuidLists = uuidListRule.planFor(protoMessage.getDescriptorForType());
        List<FieldViolation> ruleViolations = uuidLists.takesOver() ? UuidListRule.check(protoMessage, uuidLists)
                : protovalidate(protoMessage);
        if (ruleViolations.isEmpty()) {
            return textViolations;
        }
        List<FieldViolation> violations = new ArrayList<>(textViolations);
        violations.addAll(ruleViolations);
        return violations;
    }

    private List<FieldViolation> protovalidate(Message message) {
        ValidationResult result;
        try {
            result = validator.validate(message);
        } catch (ValidationException broken) {
            // The rules themselves could not be evaluated: a bug in the contract, not in the request.
            throw new IllegalStateException("validation rules of " + message.getDescriptorForType().getFullName()
                    + " cannot be evaluated", broken);
        }
        if (result.isSuccess()) {
            return List.of();
        }
        List<FieldViolation> violations = new ArrayList<>();
        for (build.buf.protovalidate.Violation violation : result.getViolations()) {
            build.buf.validate.Violation proto = violation.toProto();
            violations.add(new FieldViolation(pathOf(proto.getField()), proto.getMessage()));
        }
        return violations;
    }

    /** {@code items[2].name}, {@code labels["k"]}: the path as clients know it from the proto field names. */
    static String pathOf(FieldPath path) {
        StringBuilder text = new StringBuilder();
        for (FieldPathElement element : path.getElementsList()) {
            if (!text.isEmpty()) {
                text.append('.');
            }
            text.append(element.getFieldName());
            switch (element.getSubscriptCase()) {
                case INDEX -> text.append('[').append(element.getIndex()).append(']');
                case BOOL_KEY -> text.append('[').append(element.getBoolKey()).append(']');
                case INT_KEY -> text.append('[').append(element.getIntKey()).append(']');
                case UINT_KEY -> text.append('[').append(element.getUintKey()).append(']');
                case STRING_KEY -> text.append("[\"").append(element.getStringKey()).append("\"]");
                default -> { }
            }
        }
        return text.isEmpty() ? "(message)" : text.toString();
    }
}
