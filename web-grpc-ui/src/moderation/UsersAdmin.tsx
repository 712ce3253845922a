import { useMutation } from "@tanstack/react-query";
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

/** Find people by name (profile's SearchPeople), then suspend, reinstate or set their roles (identity). */
export function UsersAdmin() {
  const [picked, setPicked] = useState<Profile | null>(null);
  return (
    <div className="stack">
      <PeopleSearch label="Find a person" actionLabel="Manage" onPick={setPicked} />
      {picked && <AccountCard key={picked.userId} profile={picked} />}
    </div>
  );
}

/**
 * One person's account. Identity has no read of another's account, so status and roles show once an action
 * answered with the account; the roles start unticked and are set as a whole.
 */
function AccountCard({ profile }: { profile: Profile }) {
  const { api } = useApp();
  const id = useId();
  const [account, setAccount] = useState<User | null>(null);
  const [reason, setReason] = useState("");
  const [reasonProblem, setReasonProblem] = useState<string | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const answered = (what: string) => (response: { user?: User }) => {
    setAccount(response.user ?? null);
    setDone(what);
  };
  const suspend = useMutation({
    mutationFn: () => api.identity.suspendUser({ userId: profile.userId, reason: reason.trim() }),
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
    setReasonProblem(problem);
    if (!problem) {
      setDone(null);
      suspend.mutate();
    }
  };
  const shownReasonProblem = reasonProblem ?? fieldErrors(suspend.error).reason ?? null;
  const rolesProblem = roles.length === 0 ? "Tick at least one role." : fieldErrors(setUserRoles.error).roles;
  return (
    <section className="card stack account" aria-label={`Account of ${profile.displayName}`}>
      <div className="row">
        <Avatar profile={profile} userId={profile.userId} size={32} />
        <strong>{profile.displayName}</strong>
        {account && (
          <span className="small muted">
            {account.status === UserStatus.SUSPENDED ? "suspended" : "active"} ·{" "}
            {account.roles.map((r) => ROLES.find((x) => x.role === r)?.label ?? String(r)).join(", ")}
          </span>
        )}
      </div>
      {done && <p className="notice" role="status">{done}</p>}

      <form className="stack" onSubmit={onSuspend} noValidate aria-label="Suspend">
        <label htmlFor={`${id}-reason`}>Reason for a suspension</label>
        <textarea id={`${id}-reason`} rows={2} value={reason} required aria-required="true"
          aria-invalid={shownReasonProblem !== null} aria-describedby={shownReasonProblem ? `${id}-reason-problem` : undefined}
          onChange={(e) => { setReason(e.target.value); setReasonProblem(null); }} />
        {shownReasonProblem && <span id={`${id}-reason-problem`} className="field-error" role="alert">{shownReasonProblem}</span>}
        <div className="row">
          <button type="submit" className="danger" disabled={suspend.isPending}>{suspend.isPending ? "Suspending…" : "Suspend"}</button>
          <button type="button" disabled={reinstate.isPending} onClick={() => { setDone(null); reinstate.mutate(); }}>
            {reinstate.isPending ? "Reinstating…" : "Reinstate"}
          </button>
        </div>
      </form>
      {suspend.error !== null && fieldErrors(suspend.error).reason === undefined && <ErrorBox error={suspend.error} onDismiss={() => suspend.reset()} />}
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
