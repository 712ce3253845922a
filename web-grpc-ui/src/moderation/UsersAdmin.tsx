import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { useId, useState, type FormEvent } from "react";
import { fieldErrors } from "../api/errors";
import { useApp } from "../context";
import { Role } from "../gen/cohort/common/v1/role_pb";
import { UserStatus, type User } from "../gen/cohort/identity/v1/identity_pb";
import type { Profile } from "../gen/cohort/profile/v1/profile_pb";
import { Avatar } from "../people/Person";
import { ErrorBox } from "../ui/common";
import { PeopleSearch } from "../views/PeopleSearch";

const ROLES = [
  { role: Role.STUDENT, label: "Student" },
  { role: Role.INSTRUCTOR, label: "Instructor" },
  { role: Role.ADMIN, label: "Admin" },
];

/**
 * Find people by name (profile's SearchPeople), see their account (identity's GetUser), then suspend for some days
 * or for good, reinstate or set their roles.
 */
export function UsersAdmin() {
  const [picked, setPicked] = useState<Profile | null>(null);
  return (
    <div className="stack">
      <PeopleSearch label="Find a person" actionLabel="Manage" onPick={setPicked} />
      {picked && <AccountCard key={picked.userId} profile={picked} />}
    </div>
  );
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Moderation's ResolveReport and identity's SuspendUser accept at most ten years. */
const MAX_DAYS = 3650;

/** "suspended until 14 Dec 2026, 10:30 · Student" and the like. */
function accountState(account: User) {
  const roles = account.roles.map((r) => ROLES.find((x) => x.role === r)?.label ?? String(r)).join(", ");
  if (account.status !== UserStatus.SUSPENDED) {
    return `active · ${roles}`;
  }
  const until = account.suspendUntil
    ? `suspended until ${timestampDate(account.suspendUntil).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}`
    : "suspended for good";
  return `${until} · ${roles}`;
}

/**
 * One person's account: read from identity before any action, and replaced by each action's answer. The roles
 * start as the account has them and are saved as a whole.
 */
function AccountCard({ profile }: { profile: Profile }) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const id = useId();
  const accountKey = ["identity", "user", profile.userId];
  const account = useQuery({
    queryKey: accountKey,
    queryFn: async () => (await api.identity.getUser({ userId: profile.userId })).user ?? null,
  });
  const [reason, setReason] = useState("");
  const [reasonProblem, setReasonProblem] = useState<string | null>(null);
  const [forGood, setForGood] = useState(false);
  const [days, setDays] = useState("7");
  const [daysProblem, setDaysProblem] = useState<string | null>(null);
  const [chosenRoles, setRoles] = useState<Role[] | null>(null);
  const roles = chosenRoles ?? account.data?.roles ?? [];
  const [done, setDone] = useState<string | null>(null);
  const answered = (what: string) => (response: { user?: User }) => {
    queryClient.setQueryData(accountKey, response.user ?? null);
    setDone(what);
  };
  const suspend = useMutation({
    mutationFn: () => api.identity.suspendUser({
      userId: profile.userId,
      reason: reason.trim(),
      until: forGood ? undefined : timestampFromDate(new Date(Date.now() + Number(days) * DAY_MS)),
    }),
    onSuccess: answered(`${profile.displayName} is suspended.`),
  });
  const reinstate = useMutation({
    mutationFn: () => api.identity.reinstateUser({ userId: profile.userId }),
    onSuccess: answered(`${profile.displayName} is reinstated.`),
  });
  const setUserRoles = useMutation({
    mutationFn: () => api.identity.setUserRoles({ userId: profile.userId, roles }),
    onSuccess: answered(`${profile.displayName}'s roles are saved.`),
  });
  const onSuspend = (event: FormEvent) => {
    event.preventDefault();
    const problem = reason.trim() === "" ? "A reason is required." : null;
    const n = Number(days);
    const dayProblem = forGood || (Number.isInteger(n) && n >= 1 && n <= MAX_DAYS) ? null : `Between 1 and ${MAX_DAYS} days.`;
    setReasonProblem(problem);
    setDaysProblem(dayProblem);
    if (!problem && !dayProblem) {
      setDone(null);
      suspend.mutate();
    }
  };
  const shownReasonProblem = reasonProblem ?? fieldErrors(suspend.error).reason ?? null;
  const shownDaysProblem = daysProblem ?? fieldErrors(suspend.error).until ?? null;
  const rolesProblem = roles.length === 0 ? "Tick at least one role." : fieldErrors(setUserRoles.error).roles;
  const suspendFieldError = fieldErrors(suspend.error).reason !== undefined || fieldErrors(suspend.error).until !== undefined;
  return (
    <section className="card stack account" aria-label={`Account of ${profile.displayName}`}>
      <div className="row">
        <Avatar profile={profile} userId={profile.userId} size={32} />
        <strong>{profile.displayName}</strong>
        {account.data && (
          <span className="small muted" data-testid="account-state">
            {account.data.email} · {accountState(account.data)}
          </span>
        )}
        {account.isPending && <span className="small muted">Loading the account…</span>}
      </div>
      <ErrorBox error={account.error} />
      {done && <p className="notice" role="status">{done}</p>}

      <form className="stack" onSubmit={onSuspend} noValidate aria-label="Suspend">
        <label htmlFor={`${id}-reason`}>Reason for a suspension</label>
        <textarea id={`${id}-reason`} rows={2} value={reason} required aria-required="true"
          aria-invalid={shownReasonProblem !== null} aria-describedby={shownReasonProblem ? `${id}-reason-problem` : undefined}
          onChange={(e) => { setReason(e.target.value); setReasonProblem(null); }} />
        {shownReasonProblem && <span id={`${id}-reason-problem`} className="field-error" role="alert">{shownReasonProblem}</span>}
        <fieldset className="row wrap">
          <legend>How long</legend>
          <label className="small">
            <input type="radio" name={`${id}-length`} checked={!forGood} onChange={() => setForGood(false)} />
            For
          </label>
          <input id={`${id}-days`} type="number" min={1} max={MAX_DAYS} step={1} value={days} disabled={forGood}
            aria-label="Days" aria-invalid={shownDaysProblem !== null}
            aria-describedby={shownDaysProblem ? `${id}-days-problem` : undefined}
            onChange={(e) => { setDays(e.target.value); setDaysProblem(null); }} />
          <span className="small">days</span>
          <label className="small">
            <input type="radio" name={`${id}-length`} checked={forGood} onChange={() => setForGood(true)} />
            For good
          </label>
        </fieldset>
        {shownDaysProblem && <span id={`${id}-days-problem`} className="field-error" role="alert">{shownDaysProblem}</span>}
        <div className="row">
          <button type="submit" className="danger" disabled={suspend.isPending}>{suspend.isPending ? "Suspending…" : "Suspend"}</button>
          <button type="button" disabled={reinstate.isPending} onClick={() => { setDone(null); reinstate.mutate(); }}>
            {reinstate.isPending ? "Reinstating…" : "Reinstate"}
          </button>
        </div>
      </form>
      {suspend.error !== null && !suspendFieldError && <ErrorBox error={suspend.error} onDismiss={() => suspend.reset()} />}
      <ErrorBox error={reinstate.error} onDismiss={() => reinstate.reset()} />

      <form className="stack" noValidate aria-label="Roles"
        onSubmit={(event) => { event.preventDefault(); if (roles.length > 0) { setDone(null); setUserRoles.mutate(); } }}>
        <fieldset className="row wrap" aria-describedby={rolesProblem ? `${id}-roles-problem` : undefined}>
          <legend>Roles (replace all)</legend>
          {ROLES.map(({ role, label }) => (
            <label key={role} className="small">
              <input type="checkbox" checked={roles.includes(role)}
                onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))} />
              {label}
            </label>
          ))}
        </fieldset>
        {rolesProblem && <span id={`${id}-roles-problem`} className="field-error">{rolesProblem}</span>}
        <div>
          <button type="submit" disabled={setUserRoles.isPending || roles.length === 0}>{setUserRoles.isPending ? "Saving…" : "Save roles"}</button>
        </div>
      </form>
      {setUserRoles.error !== null && fieldErrors(setUserRoles.error).roles === undefined && <ErrorBox error={setUserRoles.error} onDismiss={() => setUserRoles.reset()} />}
    </section>
  );
}
