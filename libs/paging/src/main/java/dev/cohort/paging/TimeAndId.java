package dev.cohort.paging;

import java.time.Instant;
import java.util.UUID;

/**
 * The most common cursor: a position in a list ordered by (time, id), where the id breaks ties between items of
 * the same instant. Used by lists ordered by creation, joining or last activity.
 */
public record TimeAndId(Instant at, UUID id) {

    /** Its token format. */
    public static final CursorFormat<TimeAndId> FORMAT = new CursorFormat<>() {
        @Override
        public void write(TimeAndId cursor, CursorBytes.Writer out) {
            out.putInstant(cursor.at()).putUuid(cursor.id());
        }

        @Override
        public TimeAndId read(CursorBytes.Reader in) {
            return new TimeAndId(in.getInstant(), in.getUuid());
        }
    };
}
