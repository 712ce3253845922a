package dev.cohort.chat.live;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The response marshaller of the live streams (Subscribe, Connect): writes a {@link SharedFrame} as its cached
 * bytes, and anything else as the RPC's own marshaller does. {@link #forLiveStreams} installs it in the service
 * definition, so the live layer can hand gRPC the shared frame instead of a response message per stream.
 */
public final class SharedFrameMarshaller implements MethodDescriptor.Marshaller<Object> {

    private final MethodDescriptor.Marshaller<Object> messages;

    private SharedFrameMarshaller(MethodDescriptor.Marshaller<Object> messages) {
        this.messages = messages;
    }

    /**
     * {@code definition} with the response marshaller of the methods named in {@code liveMethods} (bare names,
     * e.g. {@code Connect}) replaced by this one; everything else (handlers, schema descriptors for reflection,
     * the other methods) as it was.
     */
    public static ServerServiceDefinition forLiveStreams(ServerServiceDefinition definition, Set<String> liveMethods) {
        ServiceDescriptor service = definition.getServiceDescriptor();
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(service.getName())
                .setSchemaDescriptor(service.getSchemaDescriptor());
        Map<String, ServerMethodDefinition<?, ?>> byName = new HashMap<>();
        definition.getMethods().forEach(method -> byName.put(method.getMethodDescriptor().getFullMethodName(), method));
        for (MethodDescriptor<?, ?> original : service.getMethods()) {
            ServerMethodDefinition<?, ?> method = byName.get(original.getFullMethodName());
            if (liveMethods.contains(original.getBareMethodName())) {
                method = withSharedFrames(method);
            }
            descriptor.addMethod(method.getMethodDescriptor());
            methods.add(method);
        }
        ServerServiceDefinition.Builder rebuilt = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(rebuilt::addMethod);
        return rebuilt.build();
    }

    @SuppressWarnings("unchecked")
    private static <Q, R> ServerMethodDefinition<Q, Object> withSharedFrames(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> original = method.getMethodDescriptor();
        MethodDescriptor<Q, Object> shared = original.toBuilder(original.getRequestMarshaller(),
                new SharedFrameMarshaller((MethodDescriptor.Marshaller<Object>) original.getResponseMarshaller()))
                .build();
        // The handler's StreamObserver is typed for the response message but receives SharedFrames too; the
        // observer only passes them on to the call, whose marshaller is this one.
        return ServerMethodDefinition.create(shared, (ServerCallHandler<Q, Object>) method.getServerCallHandler());
    }

    @Override
    public InputStream stream(Object value) {
        if (value instanceof SharedFrame frame) {
            return new FrameStream(frame.responseBytes());
        }
        return messages.stream(value);
    }

    @Override
    public Object parse(InputStream stream) {
        return messages.parse(stream);
    }

    /** The cached bytes, of known length and drained straight into gRPC's buffers. */
    private static final class FrameStream extends ByteArrayInputStream implements KnownLength, Drainable {

        FrameStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int length = count - pos;
            target.write(buf, pos, length);
            pos = count;
            return length;
        }
    }
}
