import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useApp } from "../context";
import { EnrollmentStatus, TermState, type Course, type Section } from "../gen/cohort/course/v1/course_pb";
import { ErrorBox, Spinner } from "../ui/common";

/** SearchCourses with paging; each course opens its sections, where the user enrolls. */
export function CoursesView() {
  const { api } = useApp();
  const [q, setQ] = useState("");
  const [openSeats, setOpenSeats] = useState(false);
  const [courses, setCourses] = useState<Course[]>([]);
  const [nextPageToken, setNextPageToken] = useState("");
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [enrolled, setEnrolled] = useState<ReadonlySet<string>>(new Set());
  const [query, setQuery] = useState({ q: "", hasOpenSeats: false });

  const search = useCallback(async (params: { q: string; hasOpenSeats: boolean }, pageToken = "") => {
    setLoading(true);
    setError(null);
    try {
      const response = await api.course.searchCourses({ ...params, pageSize: 20, pageToken });
      setCourses((previous) => (pageToken ? [...previous, ...response.courses] : response.courses));
      setNextPageToken(response.nextPageToken);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }, [api]);

  useEffect(() => {
    void search({ q: "", hasOpenSeats: false });
    api.course.listMyEnrollments({ pageSize: 100 })
      .then((response) => setEnrolled(new Set(response.enrollments
        .filter((e) => e.enrollment?.status === EnrollmentStatus.ENROLLED)
        .map((e) => e.enrollment!.sectionId))))
      .catch(() => undefined);
  }, [api, search]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = { q: q.trim(), hasOpenSeats: openSeats };
    setQuery(params);
    void search(params);
  };

  return (
    <section className="page">
      <h2>Courses</h2>
      <form className="row" onSubmit={submit}>
        <input className="grow" placeholder="Search: cpsc310, CPSC 310, intro algorithms…" value={q}
          onChange={(e) => setQ(e.target.value)} maxLength={200} aria-label="Search courses" />
        <label className="inline">
          <input type="checkbox" checked={openSeats} onChange={(e) => setOpenSeats(e.target.checked)} /> open seats
        </label>
        <button type="submit" className="primary" disabled={loading}>Search</button>
      </form>
      <ErrorBox error={error} />
      {!loading && !error && courses.length === 0 && <p className="muted">No course matches.</p>}
      <ul className="list">
        {courses.map((course) => (
          <CourseItem key={course.courseId} course={course} enrolled={enrolled}
            onEnrolled={(sectionId) => setEnrolled((s) => new Set(s).add(sectionId))} />
        ))}
      </ul>
      {loading && <Spinner label="Searching…" />}
      {!loading && nextPageToken && (
        <button onClick={() => void search(query, nextPageToken)}>More courses</button>
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
