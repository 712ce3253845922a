package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawMessagesTest {

    private static final byte[] MESSAGE = "a message, as bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void parsesAStreamThatKnowsItsLength() {
        assertThat(RawMessages.BYTES.parse(new ByteArrayInputStream(MESSAGE))).isEqualTo(MESSAGE);
    }

    @Test
    void parsesAStreamThatHoldsMoreThanItSaysAvailable() {
        // A sequence of two streams says only what the first holds.
        InputStream twoParts = new SequenceInputStream(new ByteArrayInputStream(MESSAGE, 0, 5),
                new ByteArrayInputStream(MESSAGE, 5, MESSAGE.length - 5));

        assertThat(RawMessages.BYTES.parse(twoParts)).isEqualTo(MESSAGE);
    }

    @Test
    void parsesAnEmptyMessage() {
        assertThat(RawMessages.BYTES.parse(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void writesTheBytesWithTheirLengthKnownAndWithoutACopy() throws Exception {
        InputStream written = RawMessages.BYTES.stream(MESSAGE);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();

        assertThat(written).isInstanceOf(KnownLength.class).isInstanceOf(Drainable.class);
        assertThat(written.available()).isEqualTo(MESSAGE.length);
        assertThat(((Drainable) written).drainTo(wire)).isEqualTo(MESSAGE.length);
        assertThat(wire.toByteArray()).isEqualTo(MESSAGE);
        assertThat(written.read()).as("drained to its end").isEqualTo(-1);
    }
}
