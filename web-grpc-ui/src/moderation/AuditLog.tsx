import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { fieldErrors } from "../api/errors";
import { useApp } from "../context";
import { Person } from "../people/Person";
import { ErrorBox, formatTime, shortId, Spinner } from "../ui/common";

/** The filters as typed; `from`/`to` are `datetime-local` values (the browser's time zone). */
export interface AuditFilters {
  actor: string;
  subject: string;
  kind: string;
  from: string;
  to: string;
}

const NO_FILTERS: AuditFilters = { actor: "", subject: "", kind: "", from: "", to: "" };
const PAGE_SIZE = 50;
/** The request fields the filters set, as BadRequest names them. */
const FILTER_FIELDS = ["actor_user_id", "subject", "kind", "occurred_after", "occurred_before"];

function instant(local: string) {
  return local ? timestampFromDate(new Date(local)) : undefined;
}

/** The ListAuditEntries request for these filters and page. */
export function auditRequest(filters: AuditFilters, pageToken: string) {
  return {
    actorUserId: filters.actor.trim(),
    subject: filters.subject.trim(),
    kind: filters.kind.trim(),
    occurredAfter: instant(filters.from),
    occurredBefore: instant(filters.to),
    pageSize: PAGE_SIZE,
    pageToken,
  };
}

/**
 * The audit log, newest first: filters (actor, subject, kind, time range), pages by the page token (the tokens of
 * the pages seen are kept to go back), and "Verify chain" (VerifyAuditLog).
 */
export function AuditLog() {
  const { api } = useApp();
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  // The tokens of the pages before this one and of this one ("" is the first page).
  const [tokens, setTokens] = useState<string[]>([""]);
  const pageToken = tokens[tokens.length - 1]!;
  const entries = useQuery({
    queryKey: ["moderation", "audit", filters, pageToken],
    queryFn: () => api.moderation.listAuditEntries(auditRequest(filters, pageToken)),
    placeholderData: keepPreviousData,
  });
  const [rangeProblem, setRangeProblem] = useState<string | null>(null);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const backwards = draft.from !== "" && draft.to !== "" && new Date(draft.from) >= new Date(draft.to);
    setRangeProblem(backwards ? "Must be after From." : null);
    if (!backwards) {
      setFilters(draft);
      setTokens([""]);
    }
  };
  const problems = fieldErrors(entries.error);
  if (rangeProblem) {
    problems.occurred_before = rangeProblem;
  }
  const otherFailure = entries.isError && !FILTER_FIELDS.some((name) => name in problems);
  const field = (name: keyof AuditFilters, label: string, proto: string, type = "text", placeholder?: string) => (
    <FilterField label={label} type={type} value={draft[name]} placeholder={placeholder} problem={problems[proto]}
      onChange={(value) => setDraft({ ...draft, [name]: value })} />
  );
  return (
    <div className="stack">
      <VerifyChain />
      <form className="row wrap audit-filters" onSubmit={apply} aria-label="Audit log filters">
        {field("actor", "Actor (user id)", "actor_user_id", "text", "UUID")}
        {field("subject", "Subject", "subject")}
        {field("kind", "Kind", "kind", "text", "e.g. identity.UserSuspended")}
        {field("from", "From", "occurred_after", "datetime-local")}
        {field("to", "Until", "occurred_before", "datetime-local")}
        <button type="submit" className="primary">Filter</button>
        <button type="button" onClick={() => { setDraft(NO_FILTERS); setFilters(NO_FILTERS); setTokens([""]); }}>Clear</button>
      </form>
      {entries.isPending && <Spinner label="Loading the audit log…" />}
      {otherFailure && <ErrorBox error={entries.error} />}
      {entries.isSuccess && entries.data.entries.length === 0 && <p className="muted">No entries.</p>}
      {entries.isSuccess && entries.data.entries.length > 0 && (
        <table className="audit">
          <caption className="small muted">Newest first{entries.isFetching ? " (loading…)" : ""}</caption>
          <thead>
            <tr><th scope="col">#</th><th scope="col">Kind</th><th scope="col">Actor</th><th scope="col">Subject</th><th scope="col">Occurred</th><th scope="col">Details</th></tr>
          </thead>
          <tbody>
            {entries.data.entries.map((e) => (
              <tr key={e.sequence.toString()}>
                <td>{e.sequence.toString()}</td>
                <td><code>{e.kind}</code></td>
                <td>{e.actorUserId ? <Person userId={e.actorUserId} plain /> : <span className="muted">platform</span>}</td>
                <td><code title={e.subject}>{e.subject.length > 12 ? shortId(e.subject) : e.subject}</code></td>
                <td>{formatTime(e.occurredAt)}</td>
                <td><details><summary>Show</summary><pre className="small">{e.details}</pre><div className="small muted">hash {e.hash}</div></details></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row">
        <button onClick={() => setTokens(tokens.slice(0, -1))} disabled={tokens.length === 1}>Newer</button>
        <button onClick={() => setTokens([...tokens, entries.data!.nextPageToken])}
          disabled={!entries.isSuccess || entries.isPlaceholderData || !entries.data.nextPageToken}>Older</button>
      </div>
    </div>
  );
}

function FilterField({ label, type, value, placeholder, problem, onChange }: {
  label: string; type: string; value: string; placeholder?: string; problem?: string; onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <span className="stack filter">
      <label htmlFor={id} className="small">{label}</label>
      <input id={id} type={type} value={value} placeholder={placeholder} aria-invalid={problem !== undefined}
        aria-describedby={problem ? `${id}-problem` : undefined} onChange={(e) => onChange(e.target.value)} />
      {problem && <span id={`${id}-problem`} className="field-error" role="alert">{problem}</span>}
    </span>
  );
}

/** VerifyAuditLog on demand, with what it found. */
function VerifyChain() {
  const { api } = useApp();
  const verify = useMutation({ mutationFn: () => api.moderation.verifyAuditLog({}) });
  const result = verify.data;
  return (
    <div className="row wrap verify-chain">
      <button onClick={() => verify.mutate()} disabled={verify.isPending}>{verify.isPending ? "Verifying…" : "Verify chain"}</button>
      {result && (result.intact ? (
        <span className="notice small" role="status">
          Intact: {result.entriesChecked.toString()} entries checked. Head hash <code>{result.headHash}</code>
        </span>
      ) : (
        <span className="error small" role="alert">
          Broken at entry {result.firstBrokenSequence.toString()} ({result.entriesChecked.toString()} checked): {result.problem}
        </span>
      ))}
      <ErrorBox error={verify.error} onDismiss={() => verify.reset()} />
    </div>
  );
}
