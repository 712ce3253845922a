package dev.cohort.paging;

/**
 * How a list writes its position (the sort key of a page's last item) into a token and reads it back. Each
 * service types its own cursor, usually a small record; {@link CursorBytes} does the byte work.
 *
 * @param <T> the cursor type
 */
public interface CursorFormat<T> {

    /** A cursor that is one number, e.g. a message's sequence in its conversation. */
    CursorFormat<Long> SEQUENCE = new CursorFormat<>() {
        @Override
        public void write(Long cursor, CursorBytes.Writer out) {
            out.putLong(cursor);
        }

        @Override
        public Long read(CursorBytes.Reader in) {
            return in.getLong();
        }
    };

    /** Writes {@code cursor}. */
    void write(T cursor, CursorBytes.Writer out);

    /** Reads what {@link #write} wrote; may throw any runtime exception on bytes it did not write. */
    T read(CursorBytes.Reader in);
}
