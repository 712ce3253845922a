import { Code, ConnectError } from "@connectrpc/connect";
import { Backoff } from "./backoff";

/**
 * Failures after which the same send may have been stored or not: the request is sent again. Safe because every
 * attempt carries the same client_message_id, with which the server stores a message once and answers a repeat
 * with the message stored the first time. (Unknown is what a lost connection looks like in the browser.)
 */
const RETRYABLE = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.Aborted, Code.Unknown]);

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  backoff?: Backoff;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => globalThis.setTimeout(resolve, ms));

/**
 * Calls `attempt` until it succeeds, fails for good, or runs out of attempts. `attempt` must send the very same
 * request each time (same client_message_id).
 */
export async function withIdempotentRetry<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 4;
  const backoff = options.backoff ?? new Backoff({ initialMs: 300, maxMs: 3000 });
  const sleep = options.sleep ?? realSleep;
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      const failure = ConnectError.from(error);
      if (!RETRYABLE.has(failure.code) || tried >= maxAttempts) {
        throw failure;
      }
      await sleep(backoff.next());
    }
  }
}

/** A new client message id: one per message the user writes, kept for its retries. */
export function newClientMessageId(): string {
  return crypto.randomUUID();
}
