package dev.cohort.paging;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Compact, fixed-order binary encoding of cursor fields: what a {@link CursorFormat} writes and reads. */
public final class CursorBytes {

    /** The longest string a cursor may hold, in UTF-8 bytes (tokens must stay short enough for a URL). */
    public static final int MAX_STRING_BYTES = 255;

    private CursorBytes() {
    }

    /** Appends fields in order. */
    public static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);

        Writer() {
        }

        public Writer putLong(long value) {
            bytes.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
            return this;
        }

        public Writer putDouble(double value) {
            return putLong(Double.doubleToLongBits(value));
        }

        public Writer putUuid(UUID value) {
            return putLong(value.getMostSignificantBits()).putLong(value.getLeastSignificantBits());
        }

        /** An instant to the nanosecond. */
        public Writer putInstant(Instant value) {
            putLong(value.getEpochSecond());
            bytes.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(value.getNano()).array());
            return this;
        }

        public Writer putDate(LocalDate value) {
            return putLong(value.toEpochDay());
        }

        /** A string of at most {@link #MAX_STRING_BYTES} UTF-8 bytes. */
        public Writer putString(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > MAX_STRING_BYTES) {
                throw new IllegalArgumentException("a cursor string is at most " + MAX_STRING_BYTES + " bytes");
            }
            bytes.write(utf8.length);
            bytes.writeBytes(utf8);
            return this;
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    /** Reads fields in the order they were written; throws on bytes that do not hold them. */
    public static final class Reader {
        private final ByteBuffer bytes;

        Reader(byte[] bytes) {
            this.bytes = ByteBuffer.wrap(bytes);
        }

        public long getLong() {
            return bytes.getLong();
        }

        public double getDouble() {
            return Double.longBitsToDouble(getLong());
        }

        public UUID getUuid() {
            return new UUID(getLong(), getLong());
        }

        public Instant getInstant() {
            return Instant.ofEpochSecond(getLong(), bytes.getInt());
        }

        public LocalDate getDate() {
            return LocalDate.ofEpochDay(getLong());
        }

        public String getString() {
            byte[] utf8 = new byte[Byte.toUnsignedInt(bytes.get())];
            bytes.get(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        boolean fullyRead() {
            return !bytes.hasRemaining();
        }
    }
}
