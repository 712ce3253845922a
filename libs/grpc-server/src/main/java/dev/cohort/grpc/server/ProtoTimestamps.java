package dev.cohort.grpc.server;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** {@code google.protobuf.Timestamp} from {@link Instant}, to the nanosecond, as every service answers times. */
public final class ProtoTimestamps {

    private ProtoTimestamps() {
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
