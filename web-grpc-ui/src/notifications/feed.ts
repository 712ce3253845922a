import type { Notification, SubscribeResponse } from "../gen/cohort/notification/v1/notification_pb";
import { Backoff } from "../chat/backoff";

/** What the bell and the page show: the unread count and the newest notifications seen live, newest first. */
export interface FeedState {
  unreadCount: bigint;
  recent: Notification[];
  /** The highest id seen: a reconnect resumes after it and misses nothing. */
  lastId: bigint;
  connected: boolean;
}

const KEEP = 50;

/** The state after one message of the stream (pure, so the rules are tested without a server). */
export function reduce(state: FeedState, message: SubscribeResponse): FeedState {
  switch (message.event.case) {
    case "notification": {
      const notification = message.event.value;
      if (notification.id <= state.lastId) {
        return state;
      }
      return { ...state, lastId: notification.id, recent: [notification, ...state.recent].slice(0, KEEP) };
    }
    case "unreadCount":
      return { ...state, unreadCount: message.event.value };
    case "caughtUp":
      return { ...state, connected: true };
    default:
      return state;
  }
}

/** Opens Subscribe with `resumeAfterId`; yields the stream's messages until it ends. */
export type Subscribe = (resumeAfterId: bigint, signal: AbortSignal) => AsyncIterable<SubscribeResponse>;

/**
 * The live notification feed of the signed-in user: one Subscribe stream, resumed after the last id seen whenever
 * it ends (server restart, its 30-minute lifetime, a network drop), with backoff between attempts.
 */
export class NotificationFeed {
  private state: FeedState = { unreadCount: 0n, recent: [], lastId: 0n, connected: false };
  private readonly listeners = new Set<() => void>();
  private readonly abort = new AbortController();
  private readonly backoff = new Backoff({ initialMs: 1000, maxMs: 30_000 });

  constructor(private readonly subscribeTo: Subscribe) {}

  getSnapshot = (): FeedState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The count after a change made here (MarkRead answers it) before the stream says so. */
  setUnread(count: bigint): void {
    this.update({ ...this.state, unreadCount: count });
  }

  async start(): Promise<void> {
    // The first connection replays nothing from before (resume after 0): the page lists those.
    while (!this.abort.signal.aborted) {
      try {
        for await (const message of this.subscribeTo(this.state.lastId, this.abort.signal)) {
          this.update(reduce(this.state, message));
          if (message.event.case === "caughtUp") {
            this.backoff.reset();
          }
        }
      } catch {
        // Ended by the server or the network: resume below.
      }
      this.update({ ...this.state, connected: false });
      if (this.abort.signal.aborted) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, this.backoff.next()));
    }
  }

  dispose(): void {
    this.abort.abort();
  }

  private update(next: FeedState): void {
    if (next !== this.state) {
      this.state = next;
      this.listeners.forEach((listener) => listener());
    }
  }
}
