import { Code, ConnectError } from "@connectrpc/connect";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { fieldErrors } from "../api/errors";
import { useApp } from "../context";
import { ErrorBox } from "../ui/common";

/** What is reported: a chat message or a person's profile. */
export type ReportTarget = { kind: "message"; messageId: string } | { kind: "profile"; userId: string };

/** The contract's limit on a reason (ReportMessageRequest.reason, ReportProfileRequest.reason). */
export const REASON_MAX = 500;

/** What the app checks before sending; the server's BadRequest answers the rest, shown at the same place. */
export function reasonProblem(reason: string): string | null {
  if (reason.trim() === "") {
    return "Say what is wrong.";
  }
  if ([...reason].length > REASON_MAX) {
    return `At most ${REASON_MAX} characters.`;
  }
  return null;
}

/**
 * "Report…" and the small dialog it opens: a required reason, sent with ReportMessage or ReportProfile. A refused
 * reason shows under the field, too many reports as "try later", and a sent report as a confirmation.
 */
export function ReportButton({ target, what, className }: { target: ReportTarget; what: string; className?: string }) {
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };
  return (
    <>
      <button ref={opener} type="button" className={className ?? "link"} aria-haspopup="dialog" aria-expanded={open}
        onClick={() => { setSent(false); setOpen(true); }}>
        Report…
      </button>
      {sent && !open && <span className="notice small" role="status">Reported. Thank you: the moderators will look at it.</span>}
      {open && <ReportDialog target={target} what={what} onSent={() => { setSent(true); close(); }} onCancel={close} />}
    </>
  );
}

function ReportDialog({ target, what, onSent, onCancel }: {
  target: ReportTarget; what: string; onSent: () => void; onCancel: () => void;
}) {
  const { api } = useApp();
  const titleId = useId();
  const fieldId = useId();
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const report = useMutation({
    mutationFn: async (text: string) => {
      if (target.kind === "message") {
        await api.moderation.reportMessage({ messageId: target.messageId, reason: text });
      } else {
        await api.moderation.reportProfile({ userId: target.userId, reason: text });
      }
    },
    onSuccess: onSent,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local = reasonProblem(reason);
    setProblem(local);
    if (!local) {
      report.mutate(reason.trim());
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      onCancel();
    }
  };
  const failure = report.error ? ConnectError.from(report.error) : null;
  const tooMany = failure?.code === Code.ResourceExhausted;
  const serverProblem = fieldErrors(report.error).reason;
  const shownProblem = problem ?? serverProblem ?? null;
  return (
    <div className="report-dialog card stack" role="dialog" aria-modal="false" aria-labelledby={titleId} onKeyDown={onKeyDown}>
      <strong id={titleId}>Report {what}</strong>
      <form className="stack" onSubmit={submit} noValidate>
        <label htmlFor={fieldId}>Reason</label>
        <textarea id={fieldId} ref={field} value={reason} rows={3} required aria-required="true"
          aria-invalid={shownProblem !== null} aria-describedby={shownProblem ? `${fieldId}-problem` : undefined}
          onChange={(e) => { setReason(e.target.value); setProblem(null); }} />
        {shownProblem && <span id={`${fieldId}-problem`} className="field-error" role="alert">{shownProblem}</span>}
        {tooMany && <p className="error" role="alert">Too many reports: try later.</p>}
        {failure && !tooMany && serverProblem === undefined && <ErrorBox error={report.error} />}
        <div className="row">
          <button type="submit" className="primary" disabled={report.isPending}>{report.isPending ? "Sending…" : "Send report"}</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </div>
  );
}
