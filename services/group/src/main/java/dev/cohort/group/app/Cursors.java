package dev.cohort.group.app;

import dev.cohort.group.domain.Cursor;
import java.time.Instant;
import java.util.UUID;

/** Where the first page of every list starts: before any row (rows are all created after the epoch). */
final class Cursors {

    static final Cursor START = new Cursor(Instant.EPOCH, new UUID(0, 0));

    private Cursors() {
    }
}
