import type { Message } from "../gen/cohort/chat/v1/chat_pb";

/** A message the user sent that the server has not confirmed yet (or that failed). */
export interface PendingSend {
  /** Chosen once per message, repeated on every retry: the server stores it once. */
  clientMessageId: string;
  text: string;
  status: "sending" | "failed";
  /** Why the last attempt failed (status "failed"). */
  error?: unknown;
}

/**
 * What the app holds of one conversation's messages: a window of consecutive sequence numbers (the newest page,
 * then older pages as the user scrolls back), plus messages that arrived live. Messages are kept by sequence,
 * oldest first, at most once each: a replayed frame, a refetched page and the answer to one's own send all land
 * on the same entry. Immutable: every change returns a new timeline.
 */
export interface Timeline {
  readonly conversationId: string;
  /** Oldest first, unique by sequence. */
  readonly messages: readonly Message[];
  /** ListMessages page token for the messages before the oldest held; "" when there are none. */
  readonly olderPageToken: string;
  /** Own sends not yet confirmed, in the order they were written. */
  readonly pending: readonly PendingSend[];
}

export function emptyTimeline(conversationId: string): Timeline {
  return { conversationId, messages: [], olderPageToken: "", pending: [] };
}

/** A timeline from the newest page of ListMessages (which lists newest first). */
export function fromNewestPage(conversationId: string, newestFirst: readonly Message[], nextPageToken: string): Timeline {
  return withMessages({ ...emptyTimeline(conversationId), olderPageToken: nextPageToken }, newestFirst);
}

/** Adds a page of older messages (the answer to ListMessages with `olderPageToken`). */
export function withOlderPage(timeline: Timeline, newestFirst: readonly Message[], nextPageToken: string): Timeline {
  return { ...withMessages(timeline, newestFirst), olderPageToken: nextPageToken };
}

/**
 * Adds a page of newer messages (ListMessages around a sequence just past the newest held), when the timeline is a
 * window that ends before the conversation's newest message (opened at a search result).
 */
export function withNewerPage(timeline: Timeline, newestFirst: readonly Message[]): Timeline {
  return withMessages(timeline, newestFirst);
}

/**
 * Where the "new messages" divider goes: the first message after the reader's read marker written by someone
 * else and not deleted (one's own messages are never unread); null when there is none among those held.
 */
export function firstUnread(messages: readonly Message[], lastReadSequence: bigint, me: string): Message | null {
  return messages.find((m) => m.sequence > lastReadSequence && m.authorUserId !== me && !m.deleted) ?? null;
}

/**
 * Merges a fresh newest page (fetched after a gap). If it reaches back to what the timeline holds, the two join
 * up; if it does not (more was missed than a page holds), the timeline starts over from this page, so it never
 * holds a hole it cannot see.
 */
export function withNewestPage(timeline: Timeline, newestFirst: readonly Message[], nextPageToken: string): Timeline {
  if (newestFirst.length === 0) {
    return timeline;
  }
  const oldestOfPage = minSequence(newestFirst);
  const end = contiguousEnd(timeline);
  const joins = timeline.messages.length === 0 || oldestOfPage <= end + 1n;
  if (!joins) {
    return { ...fromNewestPage(timeline.conversationId, newestFirst, nextPageToken), pending: timeline.pending };
  }
  return withMessages(timeline, newestFirst);
}

/**
 * The highest sequence up to which the timeline has every message, from its oldest on: where a stream resumes
 * and what "last seen" means for gap detection. 0 for an empty timeline.
 */
export function contiguousEnd(timeline: Timeline): bigint {
  const messages = timeline.messages;
  if (messages.length === 0) {
    return 0n;
  }
  let end = messages[0].sequence;
  for (let i = 1; i < messages.length && messages[i].sequence === end + 1n; i++) {
    end = messages[i].sequence;
  }
  return end;
}

/** The newest sequence held (gaps or not); 0 when empty. */
export function newestSequence(timeline: Timeline): bigint {
  const messages = timeline.messages;
  return messages.length === 0 ? 0n : messages[messages.length - 1].sequence;
}

export interface Applied {
  timeline: Timeline;
  /** True if messages are missing before this one: the caller fetches them (ListMessages). */
  gap: boolean;
}

/**
 * A MessageCreated frame (live or replayed). Sequences have no gaps, so one beyond the last seen + 1 means
 * something was missed; the message is kept anyway, and the caller refetches.
 */
export function applyCreated(timeline: Timeline, message: Message): Applied {
  const gap = message.sequence > contiguousEnd(timeline) + 1n;
  return { timeline: upsert(timeline, message), gap };
}

/**
 * Puts one message in its place: a new sequence is inserted, a known one replaced (an edit, a deletion's
 * tombstone, or the same message again). A pending send with the same client message id is confirmed by it.
 */
export function upsert(timeline: Timeline, message: Message): Timeline {
  return withMessages(timeline, [message]);
}

/** Replaces a message if the timeline holds it (MessageUpdated, MessageDeleted); a message not held is ignored. */
export function replaceIfHeld(timeline: Timeline, message: Message): Timeline {
  const held = timeline.messages.some((m) => m.sequence === message.sequence || m.messageId === message.messageId);
  return held ? upsert(timeline, message) : timeline;
}

export function addPending(timeline: Timeline, clientMessageId: string, text: string): Timeline {
  if (timeline.pending.some((p) => p.clientMessageId === clientMessageId)) {
    return timeline;
  }
  return { ...timeline, pending: [...timeline.pending, { clientMessageId, text, status: "sending" }] };
}

export function markPending(timeline: Timeline, clientMessageId: string, status: PendingSend["status"], error?: unknown): Timeline {
  return {
    ...timeline,
    pending: timeline.pending.map((p) =>
      p.clientMessageId === clientMessageId ? { ...p, status, error: status === "failed" ? error : undefined } : p),
  };
}

export function dropPending(timeline: Timeline, clientMessageId: string): Timeline {
  return { ...timeline, pending: timeline.pending.filter((p) => p.clientMessageId !== clientMessageId) };
}

function withMessages(timeline: Timeline, incoming: readonly Message[]): Timeline {
  if (incoming.length === 0) {
    return timeline;
  }
  const bySequence = new Map<bigint, Message>();
  for (const message of timeline.messages) {
    bySequence.set(message.sequence, message);
  }
  for (const message of incoming) {
    bySequence.set(message.sequence, message);
  }
  const messages = [...bySequence.values()].sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0));
  const confirmed = new Set(incoming.map((m) => m.clientMessageId).filter((id) => id !== ""));
  const pending = confirmed.size === 0 ? timeline.pending : timeline.pending.filter((p) => !confirmed.has(p.clientMessageId));
  return { ...timeline, messages, pending };
}

function minSequence(messages: readonly Message[]): bigint {
  let min = messages[0].sequence;
  for (const message of messages) {
    if (message.sequence < min) {
      min = message.sequence;
    }
  }
  return min;
}

/** One person's reaction added or removed (a ReactionChanged frame). */
export interface ReactionChange {
  messageId: string;
  userId: string;
  emoji: string;
  added: boolean;
}

/**
 * Applies a reaction change to the message it concerns, if held. The caller's own change is applied only when it
 * changes `reactedByMe`: the answer to their AddReaction/RemoveReaction (the whole message) may have landed first,
 * and the frame that follows must not count it twice.
 */
export function applyReaction(timeline: Timeline, change: ReactionChange, me: string): Timeline {
  const index = timeline.messages.findIndex((m) => m.messageId === change.messageId);
  if (index < 0) {
    return timeline;
  }
  const message = timeline.messages[index]!;
  const existing = message.reactions.find((r) => r.emoji === change.emoji);
  const mine = change.userId === me;
  if (mine && (existing?.reactedByMe ?? false) === change.added) {
    return timeline;
  }
  let reactions = message.reactions.map((r) => r.emoji !== change.emoji ? r : {
    ...r,
    count: Math.max(0, r.count + (change.added ? 1 : -1)),
    reactedByMe: mine ? change.added : r.reactedByMe,
  });
  if (!existing && change.added) {
    reactions = [...reactions, { ...emptyReaction, emoji: change.emoji, count: 1, reactedByMe: mine }];
  }
  reactions = reactions.filter((r) => r.count > 0);
  const messages = [...timeline.messages];
  messages[index] = { ...message, reactions };
  return { ...timeline, messages };
}

const emptyReaction: Message["reactions"][number] = { $typeName: "cohort.chat.v1.ReactionCount", emoji: "", count: 0, reactedByMe: false };

/** The replies to one thread root that the timeline holds, oldest first. */
export function threadReplies(timeline: Timeline, rootMessageId: string): Message[] {
  return timeline.messages.filter((m) => m.threadRootMessageId === rootMessageId);
}
