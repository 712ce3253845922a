package dev.cohort.devgateway;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The relay's methods for gRPC and gRPC-Web: the contracts' methods with each message kept as the bytes it arrived
 * in, so the gateway hands a call's messages on without parsing and writing them again, as Envoy does (ADR 87).
 * The gateway needs nothing from a message: the token, the rate limit and the route come from the headers and the
 * path. REST, which the gateway transcodes from JSON, keeps the typed methods.
 */
final class RawMessages {

    /** A message as its serialized bytes, unchanged both ways. */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] message) {
            return new BytesStream(message);
        }

        /**
         * grpc-java's and Armeria's message streams both answer {@code available()} with the bytes left: they are
         * read into one array of that size, without {@code readAllBytes}' 8 KiB chunks and final copy. A stream
         * that held more than it said is read to its end all the same.
         */
        @Override
        public byte[] parse(InputStream stream) {
            try {
                byte[] message = new byte[stream.available()];
                int read = stream.readNBytes(message, 0, message.length);
                int next = stream.read();
                if (read == message.length && next == -1) {
                    return message;
                }
                ByteArrayOutputStream whole = new ByteArrayOutputStream(message.length + 256);
                whole.write(message, 0, read);
                if (next != -1) {
                    whole.write(next);
                    stream.transferTo(whole);
                }
                return whole.toByteArray();
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }
    };

    private RawMessages() {
    }

    /** {@code service} with the same names, types and schema, its messages as bytes. */
    static ServiceDescriptor of(ServiceDescriptor service) {
        ServiceDescriptor.Builder raw = ServiceDescriptor.newBuilder(service.getName())
                .setSchemaDescriptor(service.getSchemaDescriptor());
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
            raw.addMethod(method.toBuilder(BYTES, BYTES).build());
        }
        return raw.build();
    }

    /**
     * Bytes that grpc-java and Armeria write to the wire with their length known up front and without a copy into
     * an intermediate buffer ({@link KnownLength}, {@link Drainable}).
     */
    private static final class BytesStream extends ByteArrayInputStream implements KnownLength, Drainable {

        BytesStream(byte[] message) {
            super(message);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int length = available();
            target.write(buf, pos, length);
            pos = count;
            return length;
        }
    }
}
