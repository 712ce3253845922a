package dev.cohort.grpc.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request messages that cannot be parsed are the caller's fault, answered INVALID_ARGUMENT (reason
 * {@value ValidationInterceptor#REASON}, with a {@code google.rpc.BadRequest}), and the call has no effect.
 *
 * <p>grpc-java parses a request with the method's marshaller before any interceptor sees it; when that throws (a
 * proto3 string holding bytes that are not UTF-8, a truncated message) it ends the call with UNKNOWN ("Application
 * error processing RPC") and no details. So {@link #answerParseFailures} registers each method with a request
 * marshaller that only passes the bytes on, and parses them itself, outside every interceptor: a message that
 * parses goes on, typed, through the interceptors to the handler as before; one that does not closes the call with
 * INVALID_ARGUMENT, naming the field whose bytes are not UTF-8 when it can, and the interceptors and handler below
 * see the call cancelled. The interceptors and handlers see the method's own descriptor, never the pass-through.
 */
public final class RequestParsing {

    private static final Logger log = LoggerFactory.getLogger(RequestParsing.class);
    private static final int MAX_DEPTH = 100;

    private final StatusMapper statusMapper;

    public RequestParsing(StatusMapper statusMapper) {
        this.statusMapper = statusMapper;
    }

    /** {@code definition} with every method's request parsed as described above; responses as they were. */
    public ServerServiceDefinition answerParseFailures(ServerServiceDefinition definition) {
        ServiceDescriptor service = definition.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(service.getName())
                .setSchemaDescriptor(service.getSchemaDescriptor());
        Map<String, ServerMethodDefinition<?, ?>> byName = new HashMap<>();
        definition.getMethods().forEach(method -> byName.put(method.getMethodDescriptor().getFullMethodName(), method));
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (MethodDescriptor<?, ?> declared : service.getMethods()) {
            ServerMethodDefinition<?, ?> wrapped = wrap(byName.get(declared.getFullMethodName()));
            descriptor.addMethod(wrapped.getMethodDescriptor());
            methods.add(wrapped);
        }
        ServerServiceDefinition.Builder rebuilt = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(rebuilt::addMethod);
        return rebuilt.build();
    }

    private <Q, R> ServerMethodDefinition<InputStream, R> wrap(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> original = method.getMethodDescriptor();
        MethodDescriptor<InputStream, R> passThrough =
                original.toBuilder(PassThrough.INSTANCE, original.getResponseMarshaller()).build();
        ServerCallHandler<Q, R> handler = method.getServerCallHandler();
        return ServerMethodDefinition.create(passThrough,
                (call, headers) -> new ParsingListener<>(original, call, handler, headers));
    }

    /** Parses each request itself, and ends the call at the first that does not parse. */
    private final class ParsingListener<Q, R> extends ServerCall.Listener<InputStream> {

        private final MethodDescriptor<Q, R> method;
        private final TypedCall<Q, R> call;
        private final ServerCall.Listener<Q> delegate;
        private boolean refused;

        ParsingListener(MethodDescriptor<Q, R> method, ServerCall<InputStream, R> call, ServerCallHandler<Q, R> handler,
                        Metadata headers) {
            this.method = method;
            this.call = new TypedCall<>(call, method);
            this.delegate = handler.startCall(this.call, headers);
        }

        @Override
        public void onMessage(InputStream message) {
            if (refused) {
                return;
            }
            if (message.markSupported()) {
                message.mark(Integer.MAX_VALUE); // to find the field, should it not parse
            }
            Q parsed;
            try {
                parsed = method.parseRequest(message);
            } catch (RuntimeException failed) {
                refuse(message, failed);
                return;
            }
            delegate.onMessage(parsed);
        }

        private void refuse(InputStream message, RuntimeException failed) {
            refused = true;
            StatusException status;
            if (isMalformed(failed)) {
                InvalidArgumentException invalid = InvalidArgumentException.of(ValidationInterceptor.REASON,
                        invalidUtf8Field(message).orElse("(message)"), describe(failed));
                status = statusMapper.map(invalid).orElseThrow();
                log.atInfo().addKeyValue("method", method.getFullMethodName())
                        .addKeyValue("violation", invalid.getMessage()).log("request refused: it does not parse");
            } else {
                log.atError().setCause(failed).addKeyValue("method", method.getFullMethodName())
                        .log("request could not be parsed");
                status = statusMapper.internal();
            }
            call.closeForParsing(status);
            delegate.onCancel(); // the handler (if it started) sees the call end; nothing it sends goes out
        }

        private String describe(RuntimeException failed) {
            String type = messageType().map(Descriptor::getFullName).orElse("request");
            return causeOf(failed).getMessage() != null && causeOf(failed).getMessage().contains("UTF-8")
                    ? "value must be valid Unicode; its bytes are not valid UTF-8"
                    : "is not a well-formed " + type + " message";
        }

        private Optional<String> invalidUtf8Field(InputStream message) {
            Optional<Descriptor> type = messageType();
            if (type.isEmpty() || !message.markSupported()) {
                return Optional.empty();
            }
            try {
                message.reset();
                return findInvalidUtf8(type.get(), CodedInputStream.newInstance(message), "", 0);
            } catch (IOException | RuntimeException unreadable) {
                return Optional.empty();
            }
        }

        private Optional<Descriptor> messageType() {
            if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> prototypes
                    && prototypes.getMessagePrototype() instanceof Message prototype) {
                return Optional.of(prototype.getDescriptorForType());
            }
            return Optional.empty();
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            if (!refused) {
                delegate.onCancel();
            }
        }

        @Override
        public void onComplete() {
            if (!refused) {
                delegate.onComplete();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                delegate.onReady();
            }
        }
    }

    private static boolean isMalformed(Throwable failed) {
        return causeOf(failed) instanceof InvalidProtocolBufferException;
    }

    private static Throwable causeOf(Throwable failed) {
        Throwable current = failed;
        for (int depth = 0; depth < 8 && current.getCause() != null
                && !(current instanceof InvalidProtocolBufferException); depth++) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * The path of the first string field, however deep, whose bytes are not UTF-8 ({@code course.title},
     * {@code tags[2]}), read from the wire format: the parser only says that one is.
     */
    static Optional<String> findInvalidUtf8(Descriptor type, CodedInputStream in, String prefix, int depth)
            throws IOException {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        Map<Integer, Integer> seen = new HashMap<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag == 0) {
                return Optional.empty();
            }
            FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
            if (field == null || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED
                    || field.getType() != FieldDescriptor.Type.STRING && field.getType() != FieldDescriptor.Type.MESSAGE) {
                in.skipField(tag);
                continue;
            }
            int index = seen.merge(field.getNumber(), 1, Integer::sum) - 1;
            String path = prefix + field.getName()
                    + (field.isRepeated() && !field.isMapField() ? "[" + index + "]" : "");
            ByteString value = in.readBytes();
            if (field.getType() == FieldDescriptor.Type.STRING) {
                if (!value.isValidUtf8()) {
                    return Optional.of(path);
                }
            } else {
                Optional<String> found = field.isMapField()
                        ? findInvalidUtf8(field.getMessageType(), value.newCodedInput(), "", depth + 1).map(key -> path)
                        : findInvalidUtf8(field.getMessageType(), value.newCodedInput(), path + ".", depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The request's bytes, unparsed. */
    private enum PassThrough implements MethodDescriptor.Marshaller<InputStream> {
        INSTANCE;

        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    }

    /**
     * The call as the interceptors and the handler know it: typed requests, the method's own descriptor. Once the
     * call was ended for a request that does not parse, what they send is dropped.
     */
    private static final class TypedCall<Q, R> extends ForwardingServerCall<Q, R> {

        private final ServerCall<Q, R> call;
        private final MethodDescriptor<Q, R> method;
        private volatile boolean closed;

        @SuppressWarnings("unchecked")
        TypedCall(ServerCall<InputStream, R> call, MethodDescriptor<Q, R> method) {
            // Only the request type differs, and requests never pass through a server call (they reach listeners),
            // so every method forwarded as it is stays type-correct.
            this.call = (ServerCall<Q, R>) (ServerCall<?, R>) call;
            this.method = method;
        }

        @Override
        protected ServerCall<Q, R> delegate() {
            return call;
        }

        synchronized void closeForParsing(StatusException status) {
            close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!closed) {
                closed = true;
                super.close(status, trailers);
            }
        }

        @Override
        public void sendHeaders(Metadata headers) {
            if (!closed) {
                super.sendHeaders(headers);
            }
        }

        @Override
        public void sendMessage(R message) {
            if (!closed) {
                super.sendMessage(message);
            }
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return method;
        }
    }
}
