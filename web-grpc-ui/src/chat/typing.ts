import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { TypingChanged } from "../gen/cohort/chat/v1/chat_pb";

/** How long a "typing" without an expiry time counts. */
const DEFAULT_TYPING_MS = 6000;

/** Who is typing where, from TypingChanged frames; entries lapse at their expire time. Immutable. */
export type TypingState = ReadonlyMap<string, ReadonlyMap<string, number>>;

export const noTyping: TypingState = new Map();

export function applyTyping(state: TypingState, frame: TypingChanged, nowMs: number): TypingState {
  const next = new Map(state);
  const users = new Map(state.get(frame.conversationId) ?? []);
  if (frame.typing) {
    users.set(frame.userId, frame.expireTime ? timestampMs(frame.expireTime) : nowMs + DEFAULT_TYPING_MS);
  } else {
    users.delete(frame.userId);
  }
  if (users.size === 0) {
    next.delete(frame.conversationId);
  } else {
    next.set(frame.conversationId, users);
  }
  return next;
}

/** A member who posted has stopped typing (their client may not have said so yet). */
export function clearTyping(state: TypingState, conversationId: string, userId: string): TypingState {
  if (!state.get(conversationId)?.has(userId)) {
    return state;
  }
  const users = new Map(state.get(conversationId));
  users.delete(userId);
  const next = new Map(state);
  if (users.size === 0) {
    next.delete(conversationId);
  } else {
    next.set(conversationId, users);
  }
  return next;
}

/** The users typing in a conversation now, except `self`. */
export function typingUsers(state: TypingState, conversationId: string, nowMs: number, self?: string): string[] {
  const users = state.get(conversationId);
  if (!users) {
    return [];
  }
  return [...users].filter(([user, until]) => until > nowMs && user !== self).map(([user]) => user);
}

/** When the next entry lapses (to re-render then), or null. */
export function nextTypingExpiry(state: TypingState, nowMs: number): number | null {
  let next: number | null = null;
  for (const users of state.values()) {
    for (const until of users.values()) {
      if (until > nowMs && (next === null || until < next)) {
        next = until;
      }
    }
  }
  return next;
}

/**
 * Tells the server when the user types in one conversation (SendTyping): "typing" on the first keystroke and
 * again every `renewMs` while keystrokes go on (the server lets it lapse after a few seconds), "stopped" when
 * the input is cleared or the message sent. Failures are ignored: typing is a hint.
 */
export class TypingNotifier {
  private typing = false;
  private lastSentMs = 0;

  constructor(
    private readonly send: (typing: boolean) => Promise<unknown>,
    private readonly now: () => number = Date.now,
    private readonly renewMs = 3000,
  ) {}

  /** The input now holds `text`. */
  input(text: string): void {
    if (text.trim() === "") {
      this.stopped();
      return;
    }
    const now = this.now();
    if (!this.typing || now - this.lastSentMs >= this.renewMs) {
      this.typing = true;
      this.lastSentMs = now;
      this.fire(true);
    }
  }

  /** Sent, cleared, or left the conversation. */
  stopped(): void {
    if (this.typing) {
      this.typing = false;
      this.fire(false);
    }
  }

  private fire(typing: boolean): void {
    this.send(typing).catch(() => undefined);
  }
}
