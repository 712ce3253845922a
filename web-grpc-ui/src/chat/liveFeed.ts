import { Code, ConnectError } from "@connectrpc/connect";
import type { ServerFrame } from "../gen/cohort/chat/v1/chat_pb";
import { Backoff } from "./backoff";

/** One conversation to follow, and the last sequence the app has of it (replay starts after it). */
export interface FeedTarget {
  conversationId: string;
  /** Unset: live only, from now. */
  resumeAfterSequence?: bigint;
}

export type FeedState =
  | { kind: "idle" }
  | { kind: "connecting"; attempt: number }
  | { kind: "live" }
  | { kind: "waiting"; retryInMs: number; reason: string }
  /** The browser says it has no network: no attempt until it says it is back (then at once). */
  | { kind: "offline" }
  | { kind: "stopped"; error: ConnectError };

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LiveFeedOptions {
  /**
   * Opens the stream (ChatService.Subscribe); aborting the signal closes it. `opened` is called when the server
   * has answered (response headers), which may come before any frame.
   */
  open(targets: FeedTarget[], signal: AbortSignal, opened: () => void): AsyncIterable<ServerFrame>;
  /** The conversations to follow with their resume points, read anew at every (re)connect. */
  targets(): FeedTarget[];
  /** Every frame but Reconnect, in order. */
  onFrame(frame: ServerFrame): void;
  onState?(state: FeedState): void;
  /**
   * The stream was refused as UNAUTHENTICATED: refresh the tokens. True to reconnect at once (once; a second
   * refusal before any frame stops the feed), false when the sign-in is over.
   */
  onUnauthenticated?(): Promise<boolean>;
  backoff?: Backoff;
  timers?: Timers;
}

/** Refusals that another attempt will not change: the feed stops and says why. */
const FATAL = new Set([Code.InvalidArgument, Code.NotFound, Code.PermissionDenied, Code.Unimplemented, Code.Unauthenticated]);

const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * The browser's live connection to chat: one server stream (Subscribe) for a set of conversations, kept open.
 * When the stream ends, fails, or the server asks for a reconnect, it is opened again after a backoff delay,
 * resuming each conversation after the last sequence the app has, so nothing is lost in between. The delay
 * starts over once a stream delivers a frame.
 */
export class LiveFeed {
  private readonly backoff: Backoff;
  private readonly timers: Timers;
  private generation = 0;
  private running = false;
  private abort: AbortController | null = null;
  private wake: (() => void) | null = null;
  private stateNow: FeedState = { kind: "idle" };

  constructor(private readonly options: LiveFeedOptions) {
    this.backoff = options.backoff ?? new Backoff();
    this.timers = options.timers ?? globalTimers;
  }

  get state(): FeedState {
    return this.stateNow;
  }

  /** Starts following (no-op while running). */
  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    void this.run(++this.generation);
  }

  /** Closes the stream and stays closed. */
  stop(): void {
    this.running = false;
    this.generation++;
    this.interrupt();
    this.setState({ kind: "idle" });
  }

  /**
   * The browser lost the network: close the stream and wait, without attempts, until `restart` (network back),
   * which resumes after the last sequence held like any reconnect.
   */
  offline(): void {
    if (!this.running) {
      return;
    }
    this.running = false;
    this.generation++;
    this.interrupt();
    this.setState({ kind: "offline" });
  }

  /** The targets changed: close the stream and open a new one at once (from a stopped state too). */
  restart(): void {
    this.running = true;
    this.backoff.reset();
    this.interrupt();
    void this.run(++this.generation);
  }

  private interrupt(): void {
    this.abort?.abort();
    this.abort = null;
    this.wake?.();
    this.wake = null;
  }

  private current(generation: number): boolean {
    return this.running && generation === this.generation;
  }

  private async run(generation: number): Promise<void> {
    let authRetried = false;
    while (this.current(generation)) {
      const targets = this.options.targets();
      if (targets.length === 0) {
        this.setState({ kind: "idle" });
        this.running = false;
        return;
      }
      const abort = new AbortController();
      this.abort = abort;
      this.setState({ kind: "connecting", attempt: this.backoff.attempt + 1 });

      let reconnectAsked = false;
      let failure: ConnectError | null = null;
      try {
        let first = true;
        const opened = () => {
          if (this.current(generation) && this.abort === abort && this.stateNow.kind === "connecting") {
            this.setState({ kind: "live" });
          }
        };
        for await (const frame of this.options.open(targets, abort.signal, opened)) {
          if (!this.current(generation)) {
            return;
          }
          if (first) {
            first = false;
            authRetried = false;
            this.backoff.reset();
            if (this.stateNow.kind !== "live") {
              this.setState({ kind: "live" });
            }
          }
          if (frame.frame.case === "reconnect") {
            reconnectAsked = true;
            break;
          }
          this.options.onFrame(frame);
        }
      } catch (error) {
        failure = ConnectError.from(error);
      } finally {
        abort.abort();
      }
      if (!this.current(generation)) {
        return;
      }

      if (failure?.code === Code.Unauthenticated && this.options.onUnauthenticated && !authRetried) {
        authRetried = true;
        let outcome: "refreshed" | "over" | "unreachable";
        try {
          outcome = (await this.options.onUnauthenticated()) ? "refreshed" : "over";
        } catch {
          // Identity could not be reached: wait like after any failure, and refresh again next time.
          outcome = "unreachable";
          authRetried = false;
        }
        if (!this.current(generation)) {
          return;
        }
        if (outcome === "over") {
          this.halt(failure);
          return;
        }
        if (outcome === "refreshed") {
          continue;
        }
      } else if (failure && FATAL.has(failure.code)) {
        this.halt(failure);
        return;
      }

      if (reconnectAsked) {
        this.backoff.reset();
      }
      const delay = this.backoff.next();
      const reason = reconnectAsked ? "server asked to reconnect" : failure ? failure.message : "stream ended";
      this.setState({ kind: "waiting", retryInMs: delay, reason });
      await this.sleep(delay);
    }
  }

  private halt(error: ConnectError): void {
    this.running = false;
    this.setState({ kind: "stopped", error });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.timers.setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        this.timers.clearTimeout(handle);
        resolve();
      };
    });
  }

  private setState(state: FeedState): void {
    this.stateNow = state;
    this.options.onState?.(state);
  }
}
