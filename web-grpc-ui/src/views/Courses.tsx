import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { fieldErrors } from "../api/errors";
import { useDebounced } from "../people/debounce";
import { useApp } from "../context";
import { EnrollmentStatus, TermState, type Course, type Section } from "../gen/cohort/course/v1/course_pb";
import { ErrorBox, Spinner } from "../ui/common";

/** How long the catalog search waits after the last keystroke before it asks. */
const CATALOG_DEBOUNCE_MS = 300;

/**
 * SearchCourses as you type (debounced), filtered by term, department and open seats, paged with "More courses";
 * each course opens its sections, where the user enrols. A bad filter is said next to its field (BadRequest).
 */
export function CoursesView() {
  const { api } = useApp();
  const [q, setQ] = useState("");
  const [termId, setTermId] = useState("");
  const [department, setDepartment] = useState("");
  const [openSeats, setOpenSeats] = useState(false);
  const [enrolled, setEnrolled] = useState<ReadonlySet<string>>(new Set());
  const filters = useDebounced({ q: q.trim(), termId, department: department.trim(), hasOpenSeats: openSeats }, CATALOG_DEBOUNCE_MS);
  const terms = useQuery({ queryKey: ["terms"], queryFn: async () => (await api.course.listTerms({})).terms, staleTime: 10 * 60_000 });
  const results = useInfiniteQuery({
    queryKey: ["courses", filters],
    queryFn: ({ pageParam }) => api.course.searchCourses({ ...filters, pageSize: 20, pageToken: pageParam }),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextPageToken || undefined,
    retry: false,
  });
  const courses = results.data?.pages.flatMap((p) => p.courses) ?? [];
  const fields = fieldErrors(results.error);
  const otherError = results.error && Object.keys(fields).length === 0 ? results.error : null;

  useEffect(() => {
    api.course.listMyEnrollments({ pageSize: 100 })
      .then((response) => setEnrolled(new Set(response.enrollments
        .filter((e) => e.enrollment?.status === EnrollmentStatus.ENROLLED)
        .map((e) => e.enrollment!.sectionId))))
      .catch(() => undefined);
  }, [api]);

  return (
    <section className="page">
      <h2>Courses</h2>
      <form className="row wrap filters" role="search" onSubmit={(event: FormEvent) => event.preventDefault()}>
        <input className="grow" placeholder="Search: cpsc310, CPSC 310, intro algorithms…" value={q}
          onChange={(e) => setQ(e.target.value)} maxLength={200} aria-label="Search courses"
          aria-invalid={fields.q !== undefined} />
        <label className="inline">Term{" "}
          <select value={termId} onChange={(e) => setTermId(e.target.value)}>
            <option value="">All terms</option>
            {terms.data?.map((t) => <option key={t.termId} value={t.termId}>{t.name}</option>)}
          </select>
        </label>
        <label className="inline">Department{" "}
          <input value={department} onChange={(e) => setDepartment(e.target.value.toUpperCase())} maxLength={5} size={6}
            placeholder="CPSC" aria-invalid={fields.department !== undefined}
            aria-describedby={fields.department ? "department-error" : undefined} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={openSeats} onChange={(e) => setOpenSeats(e.target.checked)} /> open seats
        </label>
      </form>
      {fields.department && <p id="department-error" className="error-inline small" role="alert">Department: {fields.department}</p>}
      {fields.q && <p className="error-inline small" role="alert">Search: {fields.q}</p>}
      <ErrorBox error={otherError} />
      {results.isSuccess && courses.length === 0 && <p className="muted">No course matches.</p>}
      <ul className="list" aria-busy={results.isFetching}>
        {courses.map((course) => (
          <CourseItem key={course.courseId} course={course} enrolled={enrolled}
            onEnrolled={(sectionId) => setEnrolled((s) => new Set(s).add(sectionId))} />
        ))}
      </ul>
      {(results.isPending || results.isFetchingNextPage) && !results.error && <Spinner label="Searching…" />}
      {results.hasNextPage && !results.isFetchingNextPage && (
        <button onClick={() => void results.fetchNextPage()}>More courses</button>
      )}
    </section>
  );
}

function CourseItem({ course, enrolled, onEnrolled }: {
  course: Course;
  enrolled: ReadonlySet<string>;
  onEnrolled: (sectionId: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <li className="card">
      <div className="row spread">
        <div>
          <strong>{course.code}</strong> {course.title}
          <div className="muted small">{course.departmentName} · {course.credits} credits</div>
        </div>
        <button onClick={() => setOpen(!open)} aria-expanded={open}>{open ? "Hide sections" : "Sections"}</button>
      </div>
      {open && course.description && <p className="small">{course.description}</p>}
      {open && <Sections courseId={course.courseId} enrolled={enrolled} onEnrolled={onEnrolled} />}
    </li>
  );
}

function Sections({ courseId, enrolled, onEnrolled }: {
  courseId: string;
  enrolled: ReadonlySet<string>;
  onEnrolled: (sectionId: string) => void;
}) {
  const { api } = useApp();
  const [sections, setSections] = useState<Section[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [enrolling, setEnrolling] = useState<string | null>(null);
  const [enrollError, setEnrollError] = useState<{ sectionId: string; error: unknown } | null>(null);

  useEffect(() => {
    let live = true;
    api.course.listSections({ courseId, pageSize: 100 })
      .then((response) => live && setSections(response.sections))
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [api, courseId]);

  const enroll = async (section: Section) => {
    setEnrolling(section.sectionId);
    setEnrollError(null);
    try {
      await api.course.enroll({ sectionId: section.sectionId });
      onEnrolled(section.sectionId);
      setSections((list) => list?.map((s) => (s.sectionId === section.sectionId
        ? { ...s, enrolledCount: s.enrolledCount + 1 } : s)) ?? null);
    } catch (failure) {
      setEnrollError({ sectionId: section.sectionId, error: failure });
    } finally {
      setEnrolling(null);
    }
  };

  if (error) {
    return <ErrorBox error={error} />;
  }
  if (!sections) {
    return <Spinner label="Loading sections…" />;
  }
  if (sections.length === 0) {
    return <p className="muted small">No sections.</p>;
  }
  return (
    <table className="sections">
      <thead>
        <tr><th>Term</th><th>Section</th><th>Schedule</th><th>Seats</th><th /></tr>
      </thead>
      <tbody>
        {sections.map((section) => (
          <tr key={section.sectionId}>
            <td>{section.termCode}{section.termState === TermState.CLOSED && <span className="muted"> (closed)</span>}</td>
            <td>{section.sectionCode}</td>
            <td>{section.schedule}</td>
            <td>{section.enrolledCount}/{section.capacity}</td>
            <td>
              {enrolled.has(section.sectionId) ? (
                <span className="ok">Enrolled</span>
              ) : (
                <button onClick={() => void enroll(section)} disabled={enrolling !== null}>
                  {enrolling === section.sectionId ? "Enrolling…" : "Enroll"}
                </button>
              )}
              {enrollError?.sectionId === section.sectionId && (
                <ErrorBox error={enrollError.error} onDismiss={() => setEnrollError(null)} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
