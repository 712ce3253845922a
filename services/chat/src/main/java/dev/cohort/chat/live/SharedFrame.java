package dev.cohort.chat.live;

import com.google.protobuf.CodedOutputStream;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A frame on its way to one or more streams, serialized at most once however many streams it goes to. A message
 * followed by 100 streams used to be encoded 100 times; now the first stream's writer encodes it and the others
 * write the same bytes ({@link SharedFrameMarshaller}).
 *
 * <p>The bytes are those of a response message whose field 1 is the frame: SubscribeResponse and ConnectResponse
 * both are exactly that (a test holds the contract to it), so one encoding serves both RPCs.
 */
final class SharedFrame {

    /** The field number of {@code frame} in SubscribeResponse and ConnectResponse. */
    static final int RESPONSE_FRAME_FIELD = 1;

    private final ServerFrame frame;
    /** Computed once; a race only means two threads encode the same bytes. */
    private volatile byte[] responseBytes;

    private SharedFrame(ServerFrame frame) {
        this.frame = frame;
    }

    static SharedFrame of(ServerFrame frame) {
        return new SharedFrame(frame);
    }

    ServerFrame frame() {
        return frame;
    }

    /** The frame as the body of a SubscribeResponse or ConnectResponse. */
    byte[] responseBytes() {
        byte[] bytes = responseBytes;
        if (bytes == null) {
            bytes = encode(frame);
            responseBytes = bytes;
        }
        return bytes;
    }

    /** This frame redacted for {@code tombstone} ({@link LiveFrames#redacted}); itself when nothing changes. */
    SharedFrame redacted(Message tombstone) {
        ServerFrame redacted = LiveFrames.redacted(frame, tombstone);
        return redacted == frame ? this : new SharedFrame(redacted);
    }

    private static byte[] encode(ServerFrame frame) {
        byte[] bytes = new byte[CodedOutputStream.computeMessageSize(RESPONSE_FRAME_FIELD, frame)];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeMessage(RESPONSE_FRAME_FIELD, frame);
            out.checkNoSpaceLeft();
        } catch (IOException impossible) {
            throw new UncheckedIOException("encoding into an array of the computed size", impossible);
        }
        return bytes;
    }
}
