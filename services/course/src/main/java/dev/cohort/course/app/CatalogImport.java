package dev.cohort.course.app;

import dev.cohort.course.domain.CatalogRecord;
import dev.cohort.course.domain.CatalogRecord.CourseData;
import dev.cohort.course.domain.CatalogRecord.ModuleData;
import dev.cohort.course.domain.CatalogRecord.SectionData;
import dev.cohort.course.domain.CatalogRecord.TermData;
import dev.cohort.auth.Caller;
import dev.cohort.common.v1.Role;
import dev.cohort.course.domain.ImportProblem;
import dev.cohort.course.domain.ImportScope;
import dev.cohort.course.domain.ImportTally;
import dev.cohort.course.events.CourseEvents;
import dev.cohort.course.store.CatalogWriter;
import dev.cohort.course.store.CatalogWriter.ModuleKey;
import dev.cohort.course.store.CatalogWriter.SectionKey;
import dev.cohort.course.store.CatalogWriter.Stored;
import dev.cohort.course.store.CatalogWriter.StoredModule;
import dev.cohort.course.store.CatalogWriter.StoredSection;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Upserts streamed catalog records by natural key, in batches, each batch in one transaction. A batch loads what
 * its records refer to with one query per kind, compares each record with what is stored, and writes only
 * differences; so importing the same data twice writes nothing the second time. Within a batch, terms and courses
 * are applied before the sections and modules that refer to them. What a record may change depends on who imports
 * ({@link ImportScope}): a record outside the caller's scope is reported and changes nothing. A module's lessons are
 * never deleted: those cut from its list are retired, so students' completions stay.
 */
public class CatalogImport {

    /** Limits of one import call. */
    public record Limits(int batchSize, int maxRecords, int maxReportedProblems) {
    }

    private final CatalogWriter writer;
    private final CourseEvents events;
    private final TransactionTemplate transactions;
    private final Limits limits;
    private final Clock clock;
    private final CourseOutlines outlines;

    public CatalogImport(CatalogWriter writer, CourseEvents events, TransactionTemplate transactions, Limits limits,
                         Clock clock, CourseOutlines outlines) {
        this.writer = writer;
        this.events = events;
        this.transactions = transactions;
        this.limits = limits;
        this.clock = clock;
        this.outlines = outlines;
    }

    /**
     * A new import by {@code caller} (an admin or an instructor, as the contract's access policy admits): feed it
     * records in stream order, then {@link Session#finish()}. Not thread-safe.
     */
    public Session start(Caller caller) {
        return new Session(caller.hasRole(Role.ROLE_ADMIN) ? ImportScope.admin()
                : ImportScope.instructor(UUID.fromString(caller.userId())));
    }

    /** One import call. */
    public final class Session {

        private record Indexed(int index, CatalogRecord record) {
        }

        private final ImportTally tally = new ImportTally(limits.maxReportedProblems());
        private final List<Indexed> pending = new ArrayList<>();
        private final ImportScope scope;

        private Session(ImportScope scope) {
            this.scope = scope;
        }

        /** Takes the next record of the stream; applies a batch when one is full. */
        public void add(CatalogRecord record) {
            int index = receive();
            List<ImportProblem> refusal = scope.refusalOf(record);
            if (!refusal.isEmpty()) {
                tally.failed(index, refusal);
                return;
            }
            pending.add(new Indexed(index, record));
            if (pending.size() >= limits.batchSize()) {
                flush();
            }
        }

        /** Counts the next record of the stream as failed, with why. */
        public void reject(List<ImportProblem> problems) {
            tally.failed(receive(), problems);
        }

        /** Applies what is pending and returns the outcome of the whole import. */
        public ImportTally finish() {
            flush();
            return tally;
        }

        private int receive() {
            if (tally.receivedCount() >= limits.maxRecords()) {
                throw new ResourceExhaustedException("IMPORT_TOO_LARGE",
                        "at most " + limits.maxRecords() + " records per import; split the file");
            }
            int index = tally.receivedCount();
            tally.received();
            return index;
        }

        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<Indexed> batch = List.copyOf(pending);
            pending.clear();
            transactions.executeWithoutResult(status -> new Batch(batch, tally, clock.instant()).apply());
            // Committed: this replica's kept outlines may show what it just changed.
            outlines.catalogChanged();
        }

        /** One transaction's worth of records. */
        private final class Batch {
            private final List<Indexed> records;
            private final ImportTally tally;
            private final Instant now;
            private final Map<String, Stored<TermData>> terms;
            private final Map<String, Stored<CourseData>> courses;
            private Map<SectionKey, StoredSection> sections;
            private Map<ModuleKey, StoredModule> modules;

            Batch(List<Indexed> records, ImportTally tally, Instant now) {
                this.records = records;
                this.tally = tally;
                this.now = now;
                Set<String> termCodes = new HashSet<>();
                Set<String> courseCodes = new HashSet<>();
                for (Indexed indexed : records) {
                    CatalogRecord record = indexed.record();
                    if (record instanceof TermData term) {
                        termCodes.add(term.code());
                    } else if (record instanceof CourseData course) {
                        courseCodes.add(course.code());
                    } else if (record instanceof SectionData section) {
                        termCodes.add(section.termCode());
                        courseCodes.add(section.courseCode());
                    } else if (record instanceof ModuleData module) {
                        courseCodes.add(module.courseCode());
                    }
                }
                this.terms = new HashMap<>(writer.terms(termCodes));
                this.courses = new HashMap<>(writer.courses(courseCodes));
            }

            void apply() {
                applyTerms();
                applyCourses();
                Set<UUID> courseIds = new HashSet<>();
                for (Indexed indexed : records) {
                    String courseCode = null;
                    if (indexed.record() instanceof SectionData section) {
                        courseCode = section.courseCode();
                    } else if (indexed.record() instanceof ModuleData module) {
                        courseCode = module.courseCode();
                    }
                    if (courseCode != null && courses.containsKey(courseCode)) {
                        courseIds.add(courses.get(courseCode).id());
                    }
                }
                sections = new HashMap<>(writer.sectionsOf(courseIds));
                modules = new HashMap<>(writer.modulesOf(courseIds));
                applySections();
                applyModules();
            }

            private void applyTerms() {
                Map<UUID, Stored<TermData>> inserts = new LinkedHashMap<>();
                Map<UUID, Stored<TermData>> updates = new LinkedHashMap<>();
                for (Indexed indexed : records) {
                    if (!(indexed.record() instanceof TermData term)) {
                        continue;
                    }
                    Stored<TermData> stored = terms.get(term.code());
                    Stored<TermData> next = upsert(stored, term, inserts, updates);
                    terms.put(term.code(), next);
                }
                writer.insertTerms(inserts.values(), now);
                writer.updateTerms(updates.values(), now);
            }

            private void applyCourses() {
                Map<UUID, Stored<CourseData>> inserts = new LinkedHashMap<>();
                Map<UUID, Stored<CourseData>> updates = new LinkedHashMap<>();
                for (Indexed indexed : records) {
                    if (!(indexed.record() instanceof CourseData course)) {
                        continue;
                    }
                    Stored<CourseData> stored = courses.get(course.code());
                    Stored<CourseData> next = upsert(stored, course, inserts, updates);
                    courses.put(course.code(), next);
                }
                writer.insertCourses(inserts.values(), now);
                writer.updateCourses(updates.values(), now);
                inserts.values().forEach(course -> events.courseUpserted(course.id(), course.data(), true));
                updates.values().forEach(course -> events.courseUpserted(course.id(), course.data(), false));
            }

            /** Counts the outcome of one term or course record and queues its write; returns its new state. */
            private <T> Stored<T> upsert(Stored<T> stored, T data, Map<UUID, Stored<T>> inserts,
                                         Map<UUID, Stored<T>> updates) {
                if (stored == null) {
                    tally.created();
                    Stored<T> created = new Stored<>(UUID.randomUUID(), data);
                    inserts.put(created.id(), created);
                    return created;
                }
                if (stored.data().equals(data)) {
                    tally.unchanged();
                    return stored;
                }
                tally.updated();
                Stored<T> changed = new Stored<>(stored.id(), data);
                (inserts.containsKey(changed.id()) ? inserts : updates).put(changed.id(), changed);
                return changed;
            }

            private void applySections() {
                Map<UUID, StoredSection> inserts = new LinkedHashMap<>();
                Map<UUID, StoredSection> updates = new LinkedHashMap<>();
                for (Indexed indexed : records) {
                    if (!(indexed.record() instanceof SectionData section)) {
                        continue;
                    }
                    Stored<CourseData> course = courses.get(section.courseCode());
                    Stored<TermData> term = terms.get(section.termCode());
                    List<ImportProblem> problems = new ArrayList<>();
                    if (course == null) {
                        problems.add(unknownCourse("section.course_code", section.courseCode()));
                    }
                    if (term == null) {
                        problems.add(new ImportProblem(ImportProblem.UNKNOWN_TERM, "section.term_code",
                                "no term " + section.termCode() + " (import it before its sections)"));
                    }
                    if (!problems.isEmpty()) {
                        tally.failed(indexed.index(), problems);
                        continue;
                    }
                    SectionKey key = new SectionKey(course.id(), term.id(), section.sectionCode());
                    StoredSection stored = sections.get(key);
                    List<ImportProblem> refusal = scope.refusalOf(stored == null ? null : stored.data(), section);
                    if (!refusal.isEmpty()) {
                        tally.failed(indexed.index(), refusal);
                        continue;
                    }
                    if (stored == null) {
                        tally.created();
                        StoredSection created = new StoredSection(UUID.randomUUID(), course.id(), term.id(), section);
                        inserts.put(created.id(), created);
                        sections.put(key, created);
                    } else if (stored.data().equals(section)) {
                        tally.unchanged();
                    } else {
                        tally.updated();
                        StoredSection changed = new StoredSection(stored.id(), course.id(), term.id(), section);
                        (inserts.containsKey(changed.id()) ? inserts : updates).put(changed.id(), changed);
                        sections.put(key, changed);
                    }
                }
                writer.insertSections(inserts.values(), now);
                writer.updateSections(updates.values(), now);
                inserts.values().forEach(section -> events.sectionUpserted(section, true));
                updates.values().forEach(section -> events.sectionUpserted(section, false));
            }

            private void applyModules() {
                Map<UUID, StoredModule> inserts = new LinkedHashMap<>();
                Map<UUID, StoredModule> updates = new LinkedHashMap<>();
                Map<UUID, StoredModule> previous = new HashMap<>();
                for (Indexed indexed : records) {
                    if (!(indexed.record() instanceof ModuleData module)) {
                        continue;
                    }
                    Stored<CourseData> course = courses.get(module.courseCode());
                    if (course == null) {
                        tally.failed(indexed.index(), List.of(unknownCourse("module.course_code", module.courseCode())));
                        continue;
                    }
                    ModuleKey key = new ModuleKey(course.id(), module.position());
                    StoredModule stored = modules.get(key);
                    if (stored == null) {
                        tally.created();
                        StoredModule created = new StoredModule(UUID.randomUUID(), course.id(), module,
                                lessonIds(List.of(), module.lessons().size()));
                        inserts.put(created.id(), created);
                        modules.put(key, created);
                    } else if (stored.data().equals(module)) {
                        tally.unchanged();
                    } else {
                        tally.updated();
                        StoredModule changed = new StoredModule(stored.id(), course.id(), module,
                                lessonIds(stored.lessonIds(), module.lessons().size()));
                        if (inserts.containsKey(changed.id())) {
                            inserts.put(changed.id(), changed);
                        } else {
                            previous.putIfAbsent(stored.id(), stored);
                            updates.put(changed.id(), changed);
                        }
                        modules.put(key, changed);
                    }
                }
                writer.insertModules(inserts.values(), now);
                writer.updateModules(updates.values(), previous, now);
            }

            /**
             * The module's lesson ids by position, at least {@code size} of them: every existing one (retired ones
             * too, which come back when a position is listed again) and new ones for positions it never had.
             */
            private static List<UUID> lessonIds(List<UUID> existing, int size) {
                List<UUID> ids = new ArrayList<>(existing);
                while (ids.size() < size) {
                    ids.add(UUID.randomUUID());
                }
                return ids;
            }

            private static ImportProblem unknownCourse(String field, String code) {
                return new ImportProblem(ImportProblem.UNKNOWN_COURSE, field,
                        "no course " + code + " (import it before its sections and modules)");
            }
        }
    }
}
