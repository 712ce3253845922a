import { durationMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from "../gen/google/rpc/error_details_pb";

/** What the app shows of a failed call: the gRPC code and message, and the google.rpc details the services add. */
export interface ErrorView {
  /** The gRPC code's name, e.g. "FAILED_PRECONDITION". */
  code: string;
  /** The status message. */
  message: string;
  /** google.rpc.ErrorInfo: the stable reason (e.g. SECTION_FULL) and its domain. */
  reason?: string;
  domain?: string;
  /** google.rpc.BadRequest: what is wrong with which field. */
  fieldViolations: { field: string; description: string }[];
  /** google.rpc.RetryInfo: when trying again may work. */
  retryAfterMs?: number;
}

export function codeName(code: Code): string {
  return (Code[code] ?? "UNKNOWN").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

export function describeError(error: unknown): ErrorView {
  const failure = ConnectError.from(error);
  const view: ErrorView = {
    code: codeName(failure.code),
    message: failure.rawMessage || codeName(failure.code),
    fieldViolations: [],
  };
  try {
    const info = failure.findDetails(ErrorInfoSchema)[0];
    if (info) {
      view.reason = info.reason;
      view.domain = info.domain;
    }
    for (const badRequest of failure.findDetails(BadRequestSchema)) {
      for (const violation of badRequest.fieldViolations) {
        view.fieldViolations.push({ field: violation.field, description: violation.description });
      }
    }
    const retry = failure.findDetails(RetryInfoSchema)[0];
    if (retry?.retryDelay) {
      view.retryAfterMs = durationMs(retry.retryDelay);
    }
  } catch {
    // Details that do not decode: the code and message still say what happened.
  }
  return view;
}

/** One line, for places too small for the full view. */
export function errorLine(error: unknown): string {
  const view = describeError(error);
  return `${view.code}${view.reason ? ` (${view.reason})` : ""}: ${view.message}`;
}

/**
 * A form's field errors from a failed call's BadRequest: each violation's field path with `prefix` (the request's
 * message field, e.g. "profile.") removed, so that `profile.links[0].url` shows under the form's `links[0].url`.
 * A path may be reported in the JSON spelling (displayName) or the proto one (display_name): both are answered
 * under the proto spelling. Several violations of one field join into one message.
 */
export function fieldErrors(error: unknown, prefix = ""): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!error) {
    return errors;
  }
  for (const { field, description } of describeError(error).fieldViolations) {
    const path = (field.startsWith(prefix) ? field.slice(prefix.length) : field)
      .replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    errors[path] = errors[path] ? `${errors[path]}; ${description}` : description;
  }
  return errors;
}
