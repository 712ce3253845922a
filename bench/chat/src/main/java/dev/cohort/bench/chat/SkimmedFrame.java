package dev.cohort.bench.chat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.ServerFrame;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A frame a subscriber received, read only as far as the benchmark needs it. A MessageCreated (all but a handful
 * of the frames in a pass) yields its sequence and text and nothing else is decoded; any other frame is parsed in
 * full. A subscriber of 100-subscriber conversations receives over a hundred thousand frames a second on the same
 * two cores as the service, and parsing each into a {@code ConnectResponse} (message id, author, timestamps...)
 * was the load generator's biggest cost; the echo limit it is compared with decodes nothing either.
 *
 * <p>{@code ConnectResponse} and {@code SubscribeResponse} share the shape read here ({@code frame = 1}), so one
 * marshaller serves both live RPCs.
 *
 * @param sequence the MessageCreated's sequence; -1 for any other frame
 * @param text     the MessageCreated's text; null for any other frame
 * @param frame    any other frame, in full; null for a MessageCreated
 */
record SkimmedFrame(long sequence, String text, ServerFrame frame) {

    private static final int RESPONSE_FRAME = tag(ConnectResponse.FRAME_FIELD_NUMBER,
            WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int MESSAGE_CREATED = tag(ServerFrame.MESSAGE_CREATED_FIELD_NUMBER,
            WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int CREATED_MESSAGE = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int SEQUENCE = tag(Message.SEQUENCE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
    private static final int TEXT = tag(Message.TEXT_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);

    /** A field's tag as it is on the wire (what {@link CodedInputStream#readTag()} returns). */
    private static int tag(int fieldNumber, int wireType) {
        return fieldNumber << 3 | wireType;
    }

    boolean messageCreated() {
        return frame == null;
    }

    /** Reads a serialized {@code ConnectResponse} or {@code SubscribeResponse}. */
    static SkimmedFrame parse(byte[] response) throws IOException {
        SkimmedFrame created = createdOrNull(response);
        return created != null ? created : new SkimmedFrame(-1, null, ConnectResponse.parseFrom(response).getFrame());
    }

    /** The sequence and text of a response whose frame is exactly one MessageCreated; null for anything else. */
    private static SkimmedFrame createdOrNull(byte[] response) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(response);
        if (in.readTag() != RESPONSE_FRAME) {
            return null;
        }
        int frameEnd = in.pushLimit(in.readRawVarint32());
        if (in.readTag() != MESSAGE_CREATED) {
            return null;
        }
        int createdEnd = in.pushLimit(in.readRawVarint32());
        if (in.readTag() != CREATED_MESSAGE) {
            return null;
        }
        int messageEnd = in.pushLimit(in.readRawVarint32());
        long sequence = 0;
        String text = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == SEQUENCE) {
                sequence = in.readInt64();
            } else if (tag == TEXT) {
                text = in.readStringRequireUtf8();
            } else {
                in.skipField(tag);
            }
        }
        in.popLimit(messageEnd);
        boolean onlyTheMessage = in.readTag() == 0;
        in.popLimit(createdEnd);
        boolean onlyTheCreated = in.readTag() == 0;
        in.popLimit(frameEnd);
        return onlyTheMessage && onlyTheCreated && in.isAtEnd() ? new SkimmedFrame(sequence, text, null) : null;
    }

    /** Skims the responses of a live RPC; the benchmark never sends them, so {@code stream} is not implemented. */
    static final class Marshaller implements MethodDescriptor.Marshaller<SkimmedFrame> {

        @Override
        public InputStream stream(SkimmedFrame value) {
            throw new UnsupportedOperationException("the benchmark only receives live frames");
        }

        @Override
        public SkimmedFrame parse(InputStream stream) {
            try {
                return SkimmedFrame.parse(bytesOf(stream));
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }
    }

    /**
     * The message's bytes. gRPC's message streams know their length, so they are read into an array of exactly
     * that size: {@link InputStream#readAllBytes()} starts with a 16 KiB buffer, per frame of some 250 bytes.
     */
    private static byte[] bytesOf(InputStream stream) throws IOException {
        if (!(stream instanceof KnownLength)) {
            return stream.readAllBytes();
        }
        byte[] bytes = new byte[stream.available()];
        int read = stream.readNBytes(bytes, 0, bytes.length);
        if (read != bytes.length || stream.read() != -1) {
            throw new IOException("message of " + bytes.length + " bytes ended after " + read);
        }
        return bytes;
    }
}
