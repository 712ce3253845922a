import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { fieldErrors } from "../api/errors";
import { useApp } from "../context";
import { ReportOutcome, ReportSubject, type Report } from "../gen/cohort/moderation/v1/moderation_pb";
import { Person } from "../people/Person";
import { Link } from "../router";
import { ErrorBox, formatTime, Spinner } from "../ui/common";

export const openReportsKey = ["moderation", "open-reports"] as const;

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a suspension lasts; "" for good (the contract's unset duration). */
const SUSPENSIONS = [
  { value: String(DAY_MS), label: "1 day" },
  { value: String(7 * DAY_MS), label: "7 days" },
  { value: String(30 * DAY_MS), label: "30 days" },
  { value: "", label: "For good" },
];

/** The open reports, oldest first, a page at a time, each with its content and a way to resolve it. */
export function ReportsQueue() {
  const { api } = useApp();
  const reports = useInfiniteQuery({
    queryKey: openReportsKey,
    initialPageParam: "",
    queryFn: ({ pageParam }) => api.moderation.listOpenReports({ pageSize: 20, pageToken: pageParam }),
    getNextPageParam: (last) => last.nextPageToken || undefined,
  });
  if (reports.isPending) {
    return <Spinner label="Loading reports…" />;
  }
  if (reports.isError) {
    return <ErrorBox error={reports.error} />;
  }
  const all = reports.data.pages.flatMap((page) => page.reports);
  if (all.length === 0) {
    return <p className="muted">No open reports.</p>;
  }
  return (
    <div className="stack">
      <ul className="list reports" aria-label="Open reports">
        {all.map((report) => <li key={report.reportId}><ReportCard report={report} /></li>)}
      </ul>
      {reports.hasNextPage && (
        <button onClick={() => void reports.fetchNextPage()} disabled={reports.isFetchingNextPage}>
          {reports.isFetchingNextPage ? "Loading…" : "More reports"}
        </button>
      )}
    </div>
  );
}

function ReportCard({ report }: { report: Report }) {
  const isMessage = report.subject === ReportSubject.MESSAGE;
  return (
    <article className="card stack report" aria-label={`Report of ${isMessage ? "a message" : "a profile"}`}>
      <div className="small muted">
        {isMessage ? "Message" : "Profile"} of <Person userId={report.reportedUserId} />, reported by{" "}
        <Person userId={report.reporterUserId} /> · {formatTime(report.createTime)}
      </div>
      <blockquote className="reason">{report.reason}</blockquote>
      {isMessage ? <MessageInContext report={report} /> : <Link to={`/people/${report.reportedUserId}`}>Open the profile</Link>}
      <ResolveForm report={report} />
    </article>
  );
}

/** The reported message with the ones around it, when the moderator may read the conversation. */
function MessageInContext({ report }: { report: Report }) {
  const { api } = useApp();
  const context = useQuery({
    queryKey: ["moderation", "context", report.conversationId, report.messageSequence.toString()],
    queryFn: async () => (await api.chat.listMessages({
      conversationId: report.conversationId, aroundSequence: report.messageSequence, pageSize: 5,
    })).messages,
    retry: false,
  });
  const link = <Link to={`/chat/${report.conversationId}?at=${report.messageSequence}`}>Open in the conversation</Link>;
  if (context.isPending) {
    return <Spinner label="Loading the message…" />;
  }
  if (context.isError) {
    return <p className="muted small">The conversation is not open to you here. {link}</p>;
  }
  // ListMessages answers newest first.
  const messages = [...context.data].sort((a, b) => Number(a.sequence - b.sequence));
  return (
    <div className="stack">
      <ol className="list report-context" aria-label="The message in context">
        {messages.map((m) => {
          const reported = m.messageId === report.messageId;
          return (
            <li key={m.messageId} className={reported ? "reported" : ""} aria-current={reported ? "true" : undefined}>
              <span className="small muted"><Person userId={m.authorUserId} plain /> · {formatTime(m.createTime)}: </span>
              {m.deleted ? <em>(deleted)</em> : m.text}
            </li>
          );
        })}
      </ol>
      {link}
    </div>
  );
}

const OUTCOMES = [
  { outcome: ReportOutcome.DISMISSED, label: "Dismiss", messageOnly: false },
  { outcome: ReportOutcome.MESSAGE_REMOVED, label: "Remove the message", messageOnly: true },
  { outcome: ReportOutcome.WARNED, label: "Warn", messageOnly: false },
  { outcome: ReportOutcome.SUSPENDED, label: "Suspend", messageOnly: false },
];

/** ResolveReport: an outcome, a required note, and how long for a suspension. */
function ResolveForm({ report }: { report: Report }) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const id = useId();
  const [outcome, setOutcome] = useState<ReportOutcome>(ReportOutcome.DISMISSED);
  const [note, setNote] = useState("");
  const [suspension, setSuspension] = useState(SUSPENSIONS[1]!.value);
  const [noteProblem, setNoteProblem] = useState<string | null>(null);
  const resolve = useMutation({
    mutationFn: () => api.moderation.resolveReport({
      reportId: report.reportId, outcome, note: note.trim(),
      suspension: outcome === ReportOutcome.SUSPENDED && suspension ? durationFromMs(Number(suspension)) : undefined,
    }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: openReportsKey }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = note.trim() === "" ? "A note is required." : null;
    setNoteProblem(problem);
    if (!problem) {
      resolve.mutate();
    }
  };
  if (resolve.isSuccess) {
    return <p className="notice" role="status">Resolved: {OUTCOMES.find((o) => o.outcome === outcome)?.label.toLowerCase()}.</p>;
  }
  const serverErrors = fieldErrors(resolve.error);
  const shownNoteProblem = noteProblem ?? serverErrors.note ?? null;
  const otherFailure = resolve.error && serverErrors.note === undefined;
  return (
    <form className="stack resolve" onSubmit={submit} noValidate>
      <fieldset className="row wrap">
        <legend>Resolve</legend>
        {OUTCOMES.filter((o) => !o.messageOnly || report.subject === ReportSubject.MESSAGE).map((o) => (
          <label key={o.outcome} className="small">
            <input type="radio" name={`${id}-outcome`} checked={outcome === o.outcome} onChange={() => setOutcome(o.outcome)} />
            {o.label}
          </label>
        ))}
      </fieldset>
      {outcome === ReportOutcome.SUSPENDED && (
        <label className="small">Suspend for
          <select value={suspension} onChange={(e) => setSuspension(e.target.value)}>
            {SUSPENSIONS.map((s) => <option key={s.label} value={s.value}>{s.label}</option>)}
          </select>
        </label>
      )}
      <label htmlFor={`${id}-note`}>Note (for the audit log and the people concerned)</label>
      <textarea id={`${id}-note`} rows={2} value={note} required aria-required="true"
        aria-invalid={shownNoteProblem !== null} aria-describedby={shownNoteProblem ? `${id}-note-problem` : undefined}
        onChange={(e) => { setNote(e.target.value); setNoteProblem(null); }} />
      {shownNoteProblem && <span id={`${id}-note-problem`} className="field-error" role="alert">{shownNoteProblem}</span>}
      {otherFailure && <ErrorBox error={resolve.error} onDismiss={() => resolve.reset()} />}
      <div>
        <button type="submit" className="primary" disabled={resolve.isPending}>{resolve.isPending ? "Resolving…" : "Resolve"}</button>
      </div>
    </form>
  );
}
