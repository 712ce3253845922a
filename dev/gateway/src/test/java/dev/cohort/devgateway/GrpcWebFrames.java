package dev.cohort.devgateway;

import com.google.protobuf.MessageLite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * gRPC-Web binary framing, as a browser's client library writes and reads it: each message is a flag byte (0),
 * a 4-byte length and the bytes; the answer ends with a trailer frame (flag 0x80) holding the status as text.
 */
record GrpcWebFrames(List<byte[]> messages, String trailers) {

    static byte[] request(MessageLite message) {
        byte[] bytes = message.toByteArray();
        return ByteBuffer.allocate(5 + bytes.length).put((byte) 0).putInt(bytes.length).put(bytes).array();
    }

    static GrpcWebFrames parse(byte[] body) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        List<byte[]> messages = new ArrayList<>();
        String trailers = null;
        while (buffer.remaining() >= 5) {
            byte flag = buffer.get();
            byte[] payload = new byte[buffer.getInt()];
            buffer.get(payload);
            if ((flag & 0x80) != 0) {
                trailers = new String(payload, StandardCharsets.US_ASCII);
            } else {
                messages.add(payload);
            }
        }
        return new GrpcWebFrames(List.copyOf(messages), trailers);
    }
}
