import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { describeError } from "../api/errors";

/** A failed call: gRPC code, reason and message, field violations, when to retry. */
export function ErrorBox({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) {
    return null;
  }
  const view = describeError(error);
  return (
    <div className="error" role="alert">
      <div className="error-head">
        <strong>{view.code}</strong>
        {view.reason && <code className="reason">{view.reason}</code>}
        {onDismiss && <button className="link" onClick={onDismiss} aria-label="Dismiss">×</button>}
      </div>
      <div>{view.message}</div>
      {view.fieldViolations.length > 0 && (
        <ul>
          {view.fieldViolations.map((v, i) => (
            <li key={i}><code>{v.field}</code>: {v.description}</li>
          ))}
        </ul>
      )}
      {view.retryAfterMs !== undefined && <div>Try again in {Math.ceil(view.retryAfterMs / 1000)} s.</div>}
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="spinner" role="status">
      <span className="spinner-dot" aria-hidden="true" />
      {label ?? "Loading…"}
    </span>
  );
}

/** The first block of a UUID, where only ids are known. */
export function shortId(id: string): string {
  return id.split("-")[0] ?? id;
}

export function formatTime(timestamp: Timestamp | undefined): string {
  if (!timestamp) {
    return "";
  }
  const date = timestampDate(timestamp);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : date.toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
}
