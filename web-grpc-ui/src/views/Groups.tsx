import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useApp } from "../context";
import { Person } from "../people/Person";
import type { EnrolledSection } from "../gen/cohort/course/v1/course_pb";
import { EnrollmentStatus } from "../gen/cohort/course/v1/course_pb";
import { GroupState, GroupVisibility, JoinRequestState, type Group } from "../gen/cohort/group/v1/group_pb";
import { navigate } from "../router";
import { ErrorBox, Spinner } from "../ui/common";

/** ListMyGroups, CreateGroup in one of the user's sections, and the other groups of those sections. */
export function GroupsView() {
  const { api } = useApp();
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sections, setSections] = useState<EnrolledSection[] | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [mine, enrollments] = await Promise.all([
        api.group.listMyGroups({ pageSize: 100 }),
        api.course.listMyEnrollments({ pageSize: 100 }),
      ]);
      setGroups(mine.groups);
      setSections(enrollments.enrollments.filter((e) => e.enrollment?.status === EnrollmentStatus.ENROLLED));
    } catch (failure) {
      setError(failure);
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const sectionName = useMemo(() => {
    const names = new Map<string, string>();
    for (const e of sections ?? []) {
      if (e.section) {
        names.set(e.section.sectionId, `${e.section.courseCode} ${e.section.sectionCode} (${e.section.termCode})`);
      }
    }
    return (sectionId: string) => names.get(sectionId) ?? "a section you left";
  }, [sections]);

  return (
    <section className="page">
      <h2>My groups</h2>
      <ErrorBox error={error} />
      {!groups && !error && <Spinner label="Loading your groups…" />}
      {groups && groups.length === 0 && <p className="muted">You are in no group yet. Create one below or join one.</p>}
      <ul className="list">
        {groups?.map((group) => (
          <GroupItem key={group.groupId} group={group} section={sectionName(group.sectionId)} onChanged={load} />
        ))}
      </ul>
      {sections && <CreateGroup sections={sections} onCreated={load} />}
      {sections && sections.length > 0 && groups && (
        <BrowseGroups sections={sections} mine={new Set(groups.map((g) => g.groupId))} onJoined={load} />
      )}
    </section>
  );
}

function GroupItem({ group, section, onChanged }: { group: Group; section: string; onChanged: () => Promise<void> }) {
  const { user, chat } = useApp();
  const conversations = useSyncExternalStore(chat.subscribe, () => chat.getSnapshot().conversations);
  const conversation = conversations.find((c) => c.groupId === group.groupId);
  return (
    <li className="card">
      <div className="row spread">
        <div>
          <strong>{group.name}</strong>
          {group.ownerUserId === user.userId && <span className="tag">owner</span>}
          {group.state === GroupState.DISBANDED && <span className="tag">disbanded</span>}
          <div className="muted small">
            {section} · {group.memberCount}/{group.maxMembers} members ·{" "}
            {group.visibility === GroupVisibility.OPEN ? "open" : "by approval"}
          </div>
          <div className="small">Owner: <Person userId={group.ownerUserId} you={group.ownerUserId === user.userId} /></div>
          {group.description && <div className="small">{group.description}</div>}
        </div>
        {conversation ? (
          <button onClick={() => navigate(`/chat/${conversation.conversationId}`)}>Open chat</button>
        ) : (
          <span className="muted small" title="Chat creates a group's conversation when it learns of the group">no chat yet</span>
        )}
      </div>
      {group.state !== GroupState.DISBANDED && (
        group.ownerUserId === user.userId
          ? <OwnerTools group={group} onChanged={onChanged} />
          : <MemberTools group={group} onChanged={onChanged} />
      )}
    </li>
  );
}

export const pendingRequestsKey = (groupId: string): QueryKey => ["group", groupId, "pending-requests"];

/**
 * What a group's owner decides: pending join requests (approve, reject), members (remove, make owner), disband.
 * Pending requests are server state in the query cache; every decision refetches them and the group list.
 */
function OwnerTools({ group, onChanged }: { group: Group; onChanged: () => Promise<void> }) {
  const { api, user } = useApp();
  const queryClient = useQueryClient();
  const requests = useQuery({
    queryKey: pendingRequestsKey(group.groupId),
    queryFn: async () => (await api.group.listPendingRequests({ groupId: group.groupId, pageSize: 100 })).requests,
  });
  const [confirmDisband, setConfirmDisband] = useState(false);
  const act = useMutation({
    mutationFn: (action: () => Promise<unknown>) => action(),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: pendingRequestsKey(group.groupId) });
      await onChanged();
    },
  });
  const others = group.members.filter((m) => m.userId !== user.userId);
  return (
    <div className="stack group-tools">
      <h4>Requests to join</h4>
      {requests.isPending && <Spinner label="Loading requests…" />}
      <ErrorBox error={requests.error} />
      {requests.data && requests.data.length === 0 && <p className="muted small">No pending requests.</p>}
      <ul className="list" aria-label={`Requests to join ${group.name}`}>
        {requests.data?.map((request) => (
          <li key={request.requestId} className="row spread">
            <span>
              <Person userId={request.userId} />
              {request.message && <span className="muted small"> “{request.message}”</span>}
            </span>
            <span className="row">
              <button className="primary" disabled={act.isPending}
                onClick={() => act.mutate(() => api.group.approveRequest({ requestId: request.requestId }))}>Approve</button>
              <button disabled={act.isPending}
                onClick={() => act.mutate(() => api.group.rejectRequest({ requestId: request.requestId }))}>Reject</button>
            </span>
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <>
          <h4>Members</h4>
          <ul className="list" aria-label={`Members of ${group.name}`}>
            {others.map((member) => (
              <li key={member.userId} className="row spread">
                <Person userId={member.userId} />
                <span className="row">
                  <button disabled={act.isPending}
                    onClick={() => act.mutate(() => api.group.transferOwnership({ groupId: group.groupId, newOwnerUserId: member.userId }))}>
                    Make owner
                  </button>
                  <button disabled={act.isPending}
                    onClick={() => act.mutate(() => api.group.removeMember({ groupId: group.groupId, userId: member.userId }))}>
                    Remove
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorBox error={act.error} onDismiss={() => act.reset()} />
      {confirmDisband ? (
        <p className="row" role="alert">
          Disband {group.name} for everyone?{" "}
          <button className="danger" disabled={act.isPending}
            onClick={() => act.mutate(() => api.group.disband({ groupId: group.groupId }))}>Disband</button>
          <button onClick={() => setConfirmDisband(false)}>Keep it</button>
        </p>
      ) : (
        <button className="link danger" onClick={() => setConfirmDisband(true)}>Disband group…</button>
      )}
    </div>
  );
}

function MemberTools({ group, onChanged }: { group: Group; onChanged: () => Promise<void> }) {
  const { api } = useApp();
  const leave = useMutation({
    mutationFn: () => api.group.leave({ groupId: group.groupId }),
    onSuccess: () => onChanged(),
  });
  return (
    <div className="row group-tools">
      <button className="link" disabled={leave.isPending} onClick={() => leave.mutate()}>Leave group</button>
      <ErrorBox error={leave.error} onDismiss={() => leave.reset()} />
    </div>
  );
}

function CreateGroup({ sections, onCreated }: { sections: EnrolledSection[]; onCreated: () => Promise<void> }) {
  const { api } = useApp();
  const [sectionId, setSectionId] = useState("");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState(GroupVisibility.OPEN);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (sections.length === 0) {
    return <p className="muted">Enroll in a section (Courses) to create a study group there.</p>;
  }
  const chosen = sectionId || sections[0].section?.sectionId || "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.group.createGroup({ sectionId: chosen, name, description, visibility });
      setName("");
      setDescription("");
      await onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card stack" onSubmit={submit}>
      <h3>Create a group</h3>
      <label>Section
        <select value={chosen} onChange={(e) => setSectionId(e.target.value)}>
          {sections.map((e) => e.section && (
            <option key={e.section.sectionId} value={e.section.sectionId}>
              {e.section.courseCode} {e.section.sectionCode} ({e.section.termCode}) · {e.courseTitle}
            </option>
          ))}
        </select>
      </label>
      <label>Name
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
      </label>
      <label>Description
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} rows={2} />
      </label>
      <label>Who may join
        <select value={visibility} onChange={(e) => setVisibility(Number(e.target.value) as GroupVisibility)}>
          <option value={GroupVisibility.OPEN}>Anyone in the section</option>
          <option value={GroupVisibility.APPROVAL}>Those I approve</option>
        </select>
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>Create group</button>
        {busy && <Spinner label="Creating…" />}
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

/** The groups of one of the user's sections, with RequestToJoin. */
function BrowseGroups({ sections, mine, onJoined }: {
  sections: EnrolledSection[];
  mine: ReadonlySet<string>;
  onJoined: () => Promise<void>;
}) {
  const { api } = useApp();
  const [sectionId, setSectionId] = useState(sections[0].section?.sectionId ?? "");
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<Record<string, string>>({});

  useEffect(() => {
    let live = true;
    setGroups(null);
    setError(null);
    api.group.listGroupsInSection({ sectionId, pageSize: 100 })
      .then((response) => live && setGroups(response.groups))
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [api, sectionId]);

  const join = async (group: Group) => {
    setStatus((s) => ({ ...s, [group.groupId]: "Asking…" }));
    setError(null);
    try {
      const { request } = await api.group.requestToJoin({ groupId: group.groupId });
      const pending = request?.state === JoinRequestState.PENDING;
      setStatus((s) => ({ ...s, [group.groupId]: pending ? "Asked: waiting for the owner" : "Joined" }));
      if (!pending) {
        await onJoined();
      }
    } catch (failure) {
      setStatus((s) => ({ ...s, [group.groupId]: "" }));
      setError(failure);
    }
  };

  const others = groups?.filter((g) => !mine.has(g.groupId)) ?? [];
  return (
    <div className="card stack">
      <h3>Groups in my sections</h3>
      <select value={sectionId} onChange={(e) => setSectionId(e.target.value)} aria-label="Section">
        {sections.map((e) => e.section && (
          <option key={e.section.sectionId} value={e.section.sectionId}>
            {e.section.courseCode} {e.section.sectionCode} ({e.section.termCode})
          </option>
        ))}
      </select>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
      {!groups && !error && <Spinner label="Loading groups…" />}
      {groups && others.length === 0 && <p className="muted small">No other groups here.</p>}
      <ul className="list">
        {others.map((group) => (
          <li key={group.groupId} className="row spread">
            <span>
              <strong>{group.name}</strong>{" "}
              <span className="muted small">{group.memberCount}/{group.maxMembers} · {group.seatsLeft} seats left</span>
            </span>
            {status[group.groupId] ? (
              <span className="small">{status[group.groupId]}</span>
            ) : (
              <button onClick={() => void join(group)} disabled={group.seatsLeft === 0}>
                {group.visibility === GroupVisibility.OPEN ? "Join" : "Ask to join"}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
