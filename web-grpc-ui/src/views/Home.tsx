import { useQuery } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { useApp } from "../context";
import { EnrollmentStatus, TermState } from "../gen/cohort/course/v1/course_pb";
import { GroupState } from "../gen/cohort/group/v1/group_pb";
import { usePeople } from "../people/usePeople";
import { Link } from "../router";
import { ErrorBox, Spinner } from "../ui/common";
import { conversationTitle } from "./Chat";

export const myEnrollmentsKey = ["enrollments", "mine"] as const;
export const myGroupsKey = ["groups", "mine"] as const;

/** Where a signed-in student lands: my classes this term, my groups, and the conversations that moved last. */
export function HomeView() {
  const { api, chat, user } = useApp();
  const enrollments = useQuery({
    queryKey: myEnrollmentsKey,
    queryFn: async () => (await api.course.listMyEnrollments({ pageSize: 100 })).enrollments,
  });
  const groups = useQuery({
    queryKey: myGroupsKey,
    queryFn: async () => (await api.group.listMyGroups({ pageSize: 100 })).groups,
  });
  const conversations = useSyncExternalStore(chat.subscribe, () => chat.getSnapshot().conversations);
  const recent = [...conversations]
    .sort((a, b) => Number(b.lastMessage?.createTime?.seconds ?? 0n) - Number(a.lastMessage?.createTime?.seconds ?? 0n))
    .slice(0, 6);
  const people = usePeople(recent.flatMap((c) => c.members.map((m) => m.userId)));
  // "This term": sections of terms still open for enrolment, the ones a student is taking or about to take.
  const classes = (enrollments.data ?? []).filter((e) =>
    e.enrollment?.status === EnrollmentStatus.ENROLLED && e.section?.termState === TermState.OPEN);
  const activeGroups = (groups.data ?? []).filter((g) => g.state === GroupState.ACTIVE);

  return (
    <section className="page home">
      <div className="home-grid">
        <div className="card stack">
          <h2>My classes this term</h2>
          {enrollments.isPending && <Spinner label="Loading your classes…" />}
          <ErrorBox error={enrollments.error} />
          {enrollments.data && classes.length === 0 && (
            <p className="muted">No classes yet. <Link to="/courses">Find courses</Link> and enrol in a section.</p>
          )}
          <ul className="list">
            {classes.map((e) => (
              <li key={e.section!.sectionId}>
                <Link to={`/classes/${e.section!.sectionId}`}>
                  <strong>{e.section!.courseCode}</strong> {e.courseTitle}
                </Link>
                <div className="muted small">Section {e.section!.sectionCode} · {e.section!.termCode} · {e.section!.schedule}</div>
              </li>
            ))}
          </ul>
        </div>
        <div className="card stack">
          <h2>My groups</h2>
          {groups.isPending && <Spinner label="Loading your groups…" />}
          <ErrorBox error={groups.error} />
          {groups.data && activeGroups.length === 0 && (
            <p className="muted">You are in no group yet. <Link to="/groups">Create or join one</Link>.</p>
          )}
          <ul className="list">
            {activeGroups.map((g) => {
              const conversation = conversations.find((c) => c.groupId === g.groupId);
              return (
                <li key={g.groupId} className="row spread">
                  <span>
                    <strong>{g.name}</strong>
                    {g.ownerUserId === user.userId && <span className="tag">owner</span>}
                    <span className="muted small"> {g.memberCount}/{g.maxMembers} members</span>
                  </span>
                  {conversation && <Link to={`/chat/${conversation.conversationId}`}>Chat</Link>}
                </li>
              );
            })}
          </ul>
        </div>
        <div className="card stack">
          <h2>Recent conversations</h2>
          {conversations.length === 0 && <p className="muted">No conversations yet.</p>}
          <ul className="list">
            {recent.map((c) => (
              <li key={c.conversationId}>
                <Link to={`/chat/${c.conversationId}`} className="row spread">
                  <span>{conversationTitle(c, user.userId, people)}</span>
                  {c.unreadCount > 0n && (
                    <span className="badge" aria-label={`${c.unreadCount} unread`}>{c.unreadCount.toString()}</span>
                  )}
                </Link>
                {c.lastMessage && !c.lastMessage.deleted && (
                  <div className="muted small preview-line">{c.lastMessage.text.slice(0, 80)}</div>
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
