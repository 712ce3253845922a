package dev.cohort.course.app;

import dev.cohort.course.domain.SearchFilters;
import dev.cohort.course.domain.SearchQuery;
import dev.cohort.course.store.CourseEntity;
import dev.cohort.course.store.CourseRepository;
import dev.cohort.course.store.CourseOutlineReads;
import dev.cohort.course.store.CourseSearch;
import dev.cohort.course.store.SectionRepository;
import dev.cohort.course.store.SectionRow;
import dev.cohort.course.store.TermRepository;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageSize;
import dev.cohort.paging.PageTokenCodec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.annotation.Transactional;

/** Reading the catalog: terms, courses with their outline, sections, and search. */
public class CatalogQueries {

    static final PageSize PAGE_SIZE = new PageSize(20, 100);
    /** Sorts before every real term start date (PostgreSQL dates start in 4713 BC; this is safely inside). */
    private static final LocalDate BEFORE_ALL_TERMS = LocalDate.of(1, 1, 1);

    private final TermRepository terms;
    private final CourseRepository courses;
    private final SectionRepository sections;
    private final CourseOutlineReads outlines;
    private final CourseOutlines keptOutlines;
    private final CourseSearch search;
    private final PageTokenCodec pageTokens;

    public CatalogQueries(TermRepository terms, CourseRepository courses, SectionRepository sections,
                          CourseOutlineReads outlines, CourseOutlines keptOutlines, CourseSearch search,
                          PageTokenCodec pageTokens) {
        this.pageTokens = pageTokens;
        this.terms = terms;
        this.courses = courses;
        this.sections = sections;
        this.outlines = outlines;
        this.keptOutlines = keptOutlines;
        this.search = search;
    }

    @Transactional(readOnly = true)
    public List<TermView> terms() {
        return terms.findAllByOrderByStartDateDescCodeDesc().stream().map(TermView::of).toList();
    }

    /**
     * GetCourse, the catalog's most frequent call: kept for a moment (ADR 76), else read with one statement and no
     * transaction (ADR 0064). A course that does not exist is not kept (it may be imported next).
     */
    public CourseOutline course(UUID courseId) {
        return keptOutlines.outline(courseId, this::readCourse);
    }

    private CourseOutline readCourse(UUID courseId) {
        List<CourseOutlineReads.OutlineRow> rows = outlines.outline(courseId);
        if (rows.isEmpty()) {
            throw courseNotFound(courseId);
        }
        CourseOutlineReads.OutlineRow first = rows.get(0);
        CourseView course = new CourseView(first.id(), first.code(), first.title(), first.description(),
                first.credits(), first.department(), first.departmentName());
        Map<UUID, ModuleView> modulesById = new LinkedHashMap<>();
        Map<UUID, List<LessonView>> lessonsByModule = new LinkedHashMap<>();
        for (CourseOutlineReads.OutlineRow row : rows) {
            if (row.moduleId() == null) {
                continue;
            }
            modulesById.computeIfAbsent(row.moduleId(), id -> new ModuleView(id, courseId, row.modulePosition(),
                    row.moduleTitle()));
            List<LessonView> lessonsOfModule = lessonsByModule.computeIfAbsent(row.moduleId(), id -> new ArrayList<>());
            if (row.lessonId() != null) {
                lessonsOfModule.add(new LessonView(row.lessonId(), row.moduleId(), row.lessonPosition(),
                        row.lessonTitle(), row.lessonDurationMinutes()));
            }
        }
        return new CourseOutline(course, modulesById.values().stream()
                .map(module -> new CourseOutline.ModuleOutline(module, lessonsByModule.get(module.id())))
                .toList());
    }

    @Transactional(readOnly = true)
    public SectionView section(UUID sectionId) {
        return SectionView.of(sections.findRow(sectionId).orElseThrow(() -> sectionNotFound(sectionId)));
    }

    /** Sections of a course, optionally of one term ({@code termId} null for all), by term start and code. */
    @Transactional(readOnly = true)
    public Page<SectionView> sections(UUID callerId, UUID courseId, UUID termId, int requestedSize, String pageToken) {
        int size = PAGE_SIZE.resolve(requestedSize);
        PageQuery query = PageQuery.of("course.sections", callerId).with("course_id", courseId)
                .with("term_id", termId);
        CatalogCursors.SectionPosition after = pageTokens.decode(query, CatalogCursors.SECTION, pageToken)
                .orElse(new CatalogCursors.SectionPosition(BEFORE_ALL_TERMS, "", ""));
        if (!courses.existsById(courseId)) {
            throw courseNotFound(courseId);
        }
        List<SectionRow> rows = sections.findPage(courseId, termId, after.termStart(), after.termCode(),
                after.sectionCode(), PageRequest.ofSize(size + 1));
        return page(rows, size, last -> pageTokens.encode(query, CatalogCursors.SECTION,
                new CatalogCursors.SectionPosition(last.termStartDate(), last.termCode(),
                        last.section().sectionCode()))).map(SectionView::of);
    }

    /** Courses matching {@code q} (all courses when blank) and the filters, most relevant first. */
    @Transactional(readOnly = true)
    public Page<CourseView> search(UUID callerId, String q, SearchFilters filters, int requestedSize,
                                   String pageToken) {
        int size = PAGE_SIZE.resolve(requestedSize);
        SearchQuery text = SearchQuery.parse(q);
        PageQuery query = PageQuery.of("course.search", callerId).with("q", text.text())
                .with("term_id", filters.termId()).with("department", filters.department())
                .with("has_open_seats", filters.openSeatsOnly());
        CatalogCursors.HitPosition after = pageTokens.decode(query, CatalogCursors.HIT, pageToken).orElse(null);
        List<CourseSearch.Hit> hits = search.search(text, filters, after == null ? 0 : after.score(),
                after == null ? null : after.courseCode(), size + 1);
        return page(hits, size, last -> pageTokens.encode(query, CatalogCursors.HIT,
                new CatalogCursors.HitPosition(last.score(), last.course().code())))
                .map(hit -> CourseView.of(hit.course()));
    }

    /** The first {@code size} of {@code rows} (which holds one more when there is a next page). */
    static <T> Page<T> page(List<T> rows, int size, java.util.function.Function<T, String> tokenAfter) {
        if (rows.size() <= size) {
            return new Page<>(rows, "");
        }
        List<T> items = rows.subList(0, size);
        return new Page<>(items, tokenAfter.apply(items.get(size - 1)));
    }

    static NotFoundException courseNotFound(UUID courseId) {
        return new NotFoundException("COURSE_NOT_FOUND", "no course " + courseId);
    }

    static NotFoundException sectionNotFound(UUID sectionId) {
        return new NotFoundException("SECTION_NOT_FOUND", "no section " + sectionId);
    }
}
