import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApp } from "../context";
import { EnrollmentStatus } from "../gen/cohort/course/v1/course_pb";
import { Person } from "../people/Person";
import { navigate } from "../router";
import { ErrorBox, Spinner } from "../ui/common";
import { myEnrollmentsKey } from "./Home";

const sectionKey = (sectionId: string) => ["section", sectionId] as const;
const courseKey = (courseId: string) => ["course", courseId] as const;
const progressKey = (courseId: string) => ["progress", courseId] as const;
const rosterKey = (sectionId: string) => ["roster", sectionId] as const;

/** One class (a section of a course): its schedule, my progress through its lessons, its roster, drop. */
export function ClassPage({ sectionId }: { sectionId: string }) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const section = useQuery({
    queryKey: sectionKey(sectionId),
    queryFn: async () => (await api.course.getSection({ sectionId })).section!,
  });
  const courseId = section.data?.courseId;
  const course = useQuery({
    queryKey: courseKey(courseId ?? ""),
    queryFn: () => api.course.getCourse({ courseId: courseId! }),
    enabled: courseId !== undefined,
  });
  const progress = useQuery({
    queryKey: progressKey(courseId ?? ""),
    queryFn: () => api.course.getProgress({ courseId: courseId! }),
    enabled: courseId !== undefined,
  });
  const roster = useQuery({
    queryKey: rosterKey(sectionId),
    queryFn: async () => (await api.course.listRoster({ sectionId, pageSize: 100 })).enrollments
      .filter((e) => e.status === EnrollmentStatus.ENROLLED),
  });
  const complete = useMutation({
    mutationFn: (lessonId: string) => api.course.completeLesson({ lessonId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: progressKey(courseId ?? "") }),
  });
  const drop = useMutation({
    mutationFn: () => api.course.drop({ sectionId }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: myEnrollmentsKey });
      navigate("/");
    },
  });

  if (section.isPending) {
    return <Spinner label="Loading the class…" />;
  }
  if (section.error) {
    return <ErrorBox error={section.error} />;
  }
  const done = new Set(progress.data?.modules.flatMap((m) => m.completedLessonIds) ?? []);
  const s = section.data;
  return (
    <section className="page class-page">
      <h2>{s.courseCode} {course.data?.course?.title}</h2>
      <p className="muted">Section {s.sectionCode} · {s.termCode} · {s.schedule} · {s.enrolledCount}/{s.capacity} enrolled</p>
      <div className="home-grid">
        <div className="card stack">
          <h3>Progress</h3>
          {progress.data && (
            <div>
              <progress max={100} value={progress.data.percentComplete} aria-label="Course progress" />{" "}
              {progress.data.completedLessonCount} of {progress.data.lessonCount} lessons
            </div>
          )}
          {(course.isPending || progress.isPending) && <Spinner label="Loading lessons…" />}
          <ErrorBox error={course.error ?? progress.error} />
          <ErrorBox error={complete.error} onDismiss={() => complete.reset()} />
          {course.data?.modules.map((module) => (
            <div key={module.moduleId}>
              <h4>{module.position}. {module.title}</h4>
              <ul className="list lessons">
                {module.lessons.map((lesson) => (
                  <li key={lesson.lessonId} className="row spread">
                    <span>{lesson.title} <span className="muted small">{lesson.durationMinutes} min</span></span>
                    {done.has(lesson.lessonId) ? <span className="ok">Done</span> : (
                      <button disabled={complete.isPending} onClick={() => complete.mutate(lesson.lessonId)}
                        aria-label={`Mark “${lesson.title}” complete`}>Complete</button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
        <div className="card stack">
          <h3>Classmates</h3>
          {roster.isPending && <Spinner label="Loading the roster…" />}
          <ErrorBox error={roster.error} />
          {roster.data && roster.data.length === 0 && <p className="muted small">Nobody is enrolled yet.</p>}
          <ul className="list">
            {roster.data?.map((e) => <li key={e.userId}><Person userId={e.userId} /></li>)}
          </ul>
          <ErrorBox error={drop.error} onDismiss={() => drop.reset()} />
          <button className="danger" disabled={drop.isPending} onClick={() => drop.mutate()}>Drop this class</button>
        </div>
      </div>
    </section>
  );
}
