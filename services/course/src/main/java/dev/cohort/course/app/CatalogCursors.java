package dev.cohort.course.app;

import dev.cohort.paging.CursorBytes;
import dev.cohort.paging.CursorFormat;
import java.time.LocalDate;

/** The positions of the catalog's lists, as their page tokens carry them. */
final class CatalogCursors {

    private CatalogCursors() {
    }

    /** The last section of a page of sections, in (term start, term code, section code) order. */
    record SectionPosition(LocalDate termStart, String termCode, String sectionCode) {
    }

    /** The last hit of a page of search results, in (score descending, course code) order. */
    record HitPosition(double score, String courseCode) {
    }

    static final CursorFormat<SectionPosition> SECTION = new CursorFormat<>() {
        @Override
        public void write(SectionPosition cursor, CursorBytes.Writer out) {
            out.putDate(cursor.termStart()).putString(cursor.termCode()).putString(cursor.sectionCode());
        }

        @Override
        public SectionPosition read(CursorBytes.Reader in) {
            return new SectionPosition(in.getDate(), in.getString(), in.getString());
        }
    };

    static final CursorFormat<HitPosition> HIT = new CursorFormat<>() {
        @Override
        public void write(HitPosition cursor, CursorBytes.Writer out) {
            out.putDouble(cursor.score()).putString(cursor.courseCode());
        }

        @Override
        public HitPosition read(CursorBytes.Reader in) {
            return new HitPosition(in.getDouble(), in.getString());
        }
    };
}
