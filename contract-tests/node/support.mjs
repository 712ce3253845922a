// What the full-stack Node suites share: where the platform is (environment variables set by
// FullStackContractTest), unique accounts, and waiting for something asynchronous without sleeping.

import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';

/** Long and uncommon enough for identity's password policy (12 to 128 characters, not a common password). */
export const PASSWORD = 'quiet lanterns drift over harbour';

/** Generous for password hashing and a first call into a cold JVM on a busy 2-core machine. */
export const CALL_TIMEOUT_MS = 20_000;

/** How long a live frame may take to arrive before a test gives up on it. */
export const FRAME_TIMEOUT_MS = 15_000;

/** An environment variable the test run must set. */
export function required(name) {
  const value = process.env[name];
  assert.ok(value, `set ${name} (FullStackContractTest does; see its environment())`);
  return value;
}

/** An e-mail nobody has registered yet. */
export function uniqueEmail(prefix) {
  return `${prefix}-${randomBytes(6).toString('hex')}@example.org`;
}

/** A syntactically valid id that names nothing. */
export function unknownId() {
  return randomUUID();
}

/** Settles as `promise` does, or rejects once `ms` have passed, saying what did not happen. */
export function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * REST calls against `baseUrl` (the gateway), as a plain HTTP client makes them: `rest(method, path, options)`
 * sends JSON (`body`: an object, or a string sent as it is) with the `query` parameters, the bearer `token` or a
 * whole `authorization` header, and resolves with { status, headers, body, text } (`body` parsed when it is JSON).
 */
export function restClient(baseUrl) {
  return async function rest(method, path, { token, body, query, authorization } = {}) {
    const url = new URL(path, baseUrl);
    for (const [name, value] of Object.entries(query ?? {})) {
      url.searchParams.set(name, String(value));
    }
    const headers = { accept: 'application/json' };
    if (authorization ?? token) {
      headers.authorization = authorization ?? `Bearer ${token}`;
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, body: json, text };
  };
}

/** The detail of a google.rpc.Status as JSON (its `details`) whose `@type` ends with `typeName`. */
export function detail(statusJson, typeName) {
  return (statusJson.details ?? []).find((d) => d['@type'] === `type.googleapis.com/${typeName}`);
}

/**
 * A queue of items arriving from a stream (events or an async iterator), taken in order by tests: `next(match)`
 * resolves with the first item, past or future, that `match` accepts, and drops nothing else, so tests can wait
 * for frames in whatever order the server interleaves them.
 */
export class Inbox {
  #items = [];
  #waiters = [];
  #ended = null;

  push(item) {
    const index = this.#waiters.findIndex((waiter) => waiter.match(item));
    if (index >= 0) {
      const [waiter] = this.#waiters.splice(index, 1);
      waiter.resolve(item);
    } else {
      this.#items.push(item);
    }
  }

  /** No more items will come (the stream ended or failed): pending and later waits reject with `reason`. */
  end(reason) {
    this.#ended = reason ?? new Error('the stream ended');
    for (const waiter of this.#waiters.splice(0)) {
      waiter.reject(this.#ended);
    }
  }

  /** Everything received and not yet taken. */
  get unread() {
    return [...this.#items];
  }

  next(match, what, ms = FRAME_TIMEOUT_MS) {
    const index = this.#items.findIndex(match);
    if (index >= 0) {
      return Promise.resolve(this.#items.splice(index, 1)[0]);
    }
    if (this.#ended) {
      // The stream's own error (a grpc-js or Connect error keeps its status code), not a new one.
      return Promise.reject(this.#ended);
    }
    let waiter;
    const arrived = new Promise((resolve, reject) => {
      waiter = { match, resolve, reject };
      this.#waiters.push(waiter);
    });
    return within(ms, what, arrived).catch((error) => {
      this.#waiters = this.#waiters.filter((w) => w !== waiter);
      throw error;
    });
  }
}

/** The account `./cohort up` makes an admin (FullStackContractTest passes its e-mail and generated password). */
export function adminAccount() {
  return { email: required('COHORT_ADMIN_EMAIL'), password: required('COHORT_ADMIN_PASSWORD') };
}

/**
 * Chat learns of new users from identity's UserRegistered events a moment after sign-up (ADR 24): until then,
 * adding them to a conversation answers INVALID_ARGUMENT with reason UNKNOWN_USER. Runs `attempt` again while
 * `stillUnknown(error)` says its failure is that one, for up to `ms`; any other outcome is returned or thrown.
 */
export function onceChatKnows(attempt, stillUnknown, ms = 10_000) {
  return onceKnown(attempt, stillUnknown, ms);
}

/**
 * Moderation learns of messages and members from chat's events a moment after they happen (ADR 56): until then,
 * reporting a message answers NOT_FOUND with reason MESSAGE_NOT_FOUND. Longer than chat's wait: the report needs
 * both the message and the reporter's membership to have arrived.
 */
export function onceModerationKnows(attempt, stillUnknown, ms = 30_000) {
  return onceKnown(attempt, stillUnknown, ms);
}

/** Runs `attempt` again while `stillUnknown(error)` says its failure is the one that time cures, for up to `ms`. */
async function onceKnown(attempt, stillUnknown, ms) {
  const started = Date.now();
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!stillUnknown(error) || Date.now() - started > ms) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
