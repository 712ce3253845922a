import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { ChatClient } from "../api/clients";
import {
  SendMessageRequestSchema,
  type MentionSchema,
  type Conversation,
  type Message,
  type SendMessageRequest,
  type ServerFrame,
  type SubscribeResponse,
} from "../gen/cohort/chat/v1/chat_pb";
import type { Backoff } from "./backoff";
import { LiveFeed, type FeedState, type FeedTarget, type Timers } from "./liveFeed";
import { newClientMessageId, withIdempotentRetry, type RetryOptions } from "./send";
import {
  addPending,
  applyCreated,
  applyReaction,
  contiguousEnd,
  dropPending,
  emptyTimeline,
  fromNewestPage,
  markPending,
  newestSequence,
  replaceIfHeld,
  upsert,
  withNewerPage,
  withNewestPage,
  withOlderPage,
  type Timeline,
} from "./timeline";
import { applyTyping, clearTyping, noTyping, TypingNotifier, type TypingState } from "./typing";

/** One conversation's messages as loaded so far, and what is under way. */
export interface TimelineState {
  timeline: Timeline;
  /** The newest page has been fetched (the timeline is the conversation's, not an empty placeholder). */
  loaded: boolean;
  loading: boolean;
  loadingOlder: boolean;
  /**
   * The timeline is a window that ends before the conversation's newest message (it was opened at a message, e.g.
   * a search result): newer messages load on request, and live ones join only once the window reaches them.
   */
  detached?: boolean;
  loadingNewer?: boolean;
  error: unknown;
}

export interface ChatSnapshot {
  /** The caller's conversations, most recently active first. */
  conversations: readonly Conversation[];
  conversationsLoading: boolean;
  conversationsError: unknown;
  feed: FeedState;
  timelines: ReadonlyMap<string, TimelineState>;
  typing: TypingState;
  /** Online or not, per user, as the live feed last said (PresenceChanged); users it has not mentioned are absent. */
  presence: ReadonlyMap<string, boolean>;
}

export interface ChatControllerOptions {
  /** The stream was refused as UNAUTHENTICATED: refresh (true) or the sign-in is over (false). */
  refreshAuth(): Promise<boolean>;
  pageSize?: number;
  feedBackoff?: Backoff;
  sendRetry?: RetryOptions;
  timers?: Timers;
  now?: () => number;
}

/** A stream follows at most 100 conversations (SubscribeRequest). */
const MAX_FOLLOWED = 100;

/**
 * The chat side of the app, without React: conversations with unread counts, the timelines of the opened ones,
 * who is typing, and the live feed that keeps them current. Components read snapshots (useSyncExternalStore)
 * and call the methods; every change yields a new snapshot.
 */
export class ChatController {
  private snapshot: ChatSnapshot = {
    conversations: [],
    conversationsLoading: false,
    conversationsError: null,
    feed: { kind: "idle" },
    timelines: new Map(),
    typing: noTyping,
    presence: new Map(),
  };
  private readonly listeners = new Set<() => void>();
  private readonly feed: LiveFeed;
  private readonly pageSize: number;
  private readonly now: () => number;
  private readonly refetching = new Set<string>();
  private readonly markingRead = new Set<string>();
  private readonly notifiers = new Map<string, TypingNotifier>();
  private readonly sends = new Map<string, SendMessageRequest>();
  private followedKey = "";
  private listRefresh: unknown = null;
  private disposed = false;

  constructor(
    private readonly chat: ChatClient,
    private readonly me: string,
    private readonly options: ChatControllerOptions,
  ) {
    this.pageSize = options.pageSize ?? 50;
    this.now = options.now ?? Date.now;
    this.feed = new LiveFeed({
      open: (targets, signal, opened) => framesOf(this.chat.subscribe({
        conversations: targets.map((t) => ({ conversationId: t.conversationId, resumeAfterSequence: t.resumeAfterSequence })),
      }, { signal, onHeader: opened })),
      targets: () => this.targets(),
      onFrame: (frame) => this.applyFrame(frame),
      onState: (feed) => this.update({ feed }),
      onUnauthenticated: () => this.options.refreshAuth(),
      backoff: options.feedBackoff,
      timers: options.timers,
    });
  }

  getSnapshot = (): ChatSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Loads the conversations and starts following them. */
  async start(): Promise<void> {
    await this.loadConversations();
  }

  dispose(): void {
    this.disposed = true;
    this.feed.stop();
    if (this.listRefresh !== null) {
      (this.options.timers ?? globalThis).clearTimeout(this.listRefresh as never);
    }
    for (const notifier of this.notifiers.values()) {
      notifier.stopped();
    }
    this.listeners.clear();
  }

  /**
   * The browser's network went away or came back (`offline`/`online` events). Offline closes the stream at once
   * (rather than waiting for it to fail) and says so; back online reconnects at once, not after the backoff,
   * resuming every conversation after the last message held, and re-reads the list for the unread counts.
   */
  networkChanged(online: boolean): void {
    if (this.disposed) {
      return;
    }
    if (!online) {
      this.feed.offline();
      return;
    }
    if (this.feed.state.kind === "offline" || this.feed.state.kind === "waiting") {
      this.feed.restart();
    }
    this.scheduleListRefresh();
  }

  /** The feed stopped (e.g. refused): try again now. */
  reconnect(): void {
    this.feed.restart();
  }

  async loadConversations(): Promise<void> {
    this.update({ conversationsLoading: true, conversationsError: null });
    try {
      const response = await this.chat.listConversations({ pageSize: MAX_FOLLOWED });
      this.update({ conversations: response.conversations, conversationsLoading: false });
      this.follow();
    } catch (error) {
      this.update({ conversationsLoading: false, conversationsError: error });
    }
  }

  conversation(conversationId: string): Conversation | undefined {
    return this.snapshot.conversations.find((c) => c.conversationId === conversationId);
  }

  /** Loads the newest page of a conversation (once) and makes sure the feed follows it. */
  async open(conversationId: string): Promise<void> {
    const state = this.snapshot.timelines.get(conversationId);
    if (state?.loaded || state?.loading) {
      return;
    }
    if (!(await this.knowConversation(conversationId, undefined))) {
      return;
    }
    this.setTimeline(conversationId, {
      timeline: state?.timeline ?? emptyTimeline(conversationId), loaded: false, loading: true, loadingOlder: false, error: null,
    });
    try {
      const page = await this.chat.listMessages({ conversationId, pageSize: this.pageSize });
      const current = this.timelineState(conversationId);
      // Frames may have arrived while the page was on its way: keep them.
      let timeline = fromNewestPage(conversationId, page.messages, page.nextPageToken);
      for (const message of current.timeline.messages) {
        timeline = upsert(timeline, message);
      }
      timeline = { ...timeline, pending: current.timeline.pending };
      this.setTimeline(conversationId, { ...current, timeline, loaded: true, loading: false, error: null });
      this.follow();
    } catch (error) {
      this.setTimeline(conversationId, { ...this.timelineState(conversationId), loading: false, error });
    }
  }

  /**
   * Opens a conversation at one message with the messages around it (ListMessages with `around_sequence`). A
   * timeline that already holds that message stays as it is; otherwise the window replaces it, detached from the
   * newest messages until the reader loads them (loadNewer, jumpToLatest).
   */
  async openAt(conversationId: string, sequence: bigint): Promise<void> {
    const state = this.snapshot.timelines.get(conversationId);
    if (state?.loading || (state?.loaded && state.timeline.messages.some((m) => m.sequence === sequence))) {
      return;
    }
    if (!(await this.knowConversation(conversationId, state))) {
      return;
    }
    const pending = state?.timeline.pending ?? [];
    this.setTimeline(conversationId, {
      timeline: state?.timeline ?? emptyTimeline(conversationId), loaded: false, loading: true, loadingOlder: false, error: null,
    });
    try {
      const page = await this.chat.listMessages({ conversationId, pageSize: this.pageSize, aroundSequence: sequence });
      const timeline = { ...fromNewestPage(conversationId, page.messages, page.nextPageToken), pending };
      this.setTimeline(conversationId, {
        ...this.timelineState(conversationId), timeline, loaded: true, loading: false, error: null,
        detached: this.behindNewest(conversationId, timeline),
      });
      this.follow();
    } catch (error) {
      this.setTimeline(conversationId, { ...this.timelineState(conversationId), loading: false, error });
    }
  }

  /** A detached window: the next page of newer messages, joined on. */
  async loadNewer(conversationId: string): Promise<void> {
    const state = this.snapshot.timelines.get(conversationId);
    if (!state?.loaded || !state.detached || state.loadingNewer) {
      return;
    }
    this.setTimeline(conversationId, { ...state, loadingNewer: true, error: null });
    try {
      // Around newest + half a page: exactly the page of messages right after the newest held (see the contract).
      const aroundSequence = newestSequence(state.timeline) + BigInt(Math.floor(this.pageSize / 2));
      const page = await this.chat.listMessages({ conversationId, pageSize: this.pageSize, aroundSequence });
      const current = this.timelineState(conversationId);
      const timeline = withNewerPage(current.timeline, page.messages);
      this.setTimeline(conversationId, {
        ...current, timeline, loadingNewer: false, detached: this.behindNewest(conversationId, timeline),
      });
    } catch (error) {
      this.setTimeline(conversationId, { ...this.timelineState(conversationId), loadingNewer: false, error });
    }
  }

  /** Leaves a detached window for the newest page. */
  async jumpToLatest(conversationId: string): Promise<void> {
    const state = this.snapshot.timelines.get(conversationId);
    if (!state?.detached) {
      return;
    }
    this.setTimeline(conversationId, { ...state, loadingNewer: true, error: null });
    try {
      const page = await this.chat.listMessages({ conversationId, pageSize: this.pageSize });
      const current = this.timelineState(conversationId);
      const timeline = { ...fromNewestPage(conversationId, page.messages, page.nextPageToken), pending: current.timeline.pending };
      this.setTimeline(conversationId, { ...current, timeline, loadingNewer: false, detached: false });
    } catch (error) {
      this.setTimeline(conversationId, { ...this.timelineState(conversationId), loadingNewer: false, error });
    }
  }

  private behindNewest(conversationId: string, timeline: Timeline): boolean {
    const conversation = this.conversation(conversationId);
    return conversation !== undefined && newestSequence(timeline) < conversation.lastSequence;
  }

  /** Makes sure the conversation is in the list (GetConversation for one not listed); false, with the error shown, if not. */
  private async knowConversation(conversationId: string, state: TimelineState | undefined): Promise<boolean> {
    if (this.conversation(conversationId)) {
      return true;
    }
    try {
      const { conversation } = await this.chat.getConversation({ conversationId });
      if (conversation) {
        this.upsertConversation(conversation);
      }
      return true;
    } catch (error) {
      this.setTimeline(conversationId, {
        timeline: state?.timeline ?? emptyTimeline(conversationId), loaded: false, loading: false, loadingOlder: false, error,
      });
      return false;
    }
  }

  async loadOlder(conversationId: string): Promise<void> {
    const state = this.snapshot.timelines.get(conversationId);
    if (!state?.loaded || state.loadingOlder || state.timeline.olderPageToken === "") {
      return;
    }
    this.setTimeline(conversationId, { ...state, loadingOlder: true, error: null });
    try {
      const page = await this.chat.listMessages({
        conversationId, pageSize: this.pageSize, pageToken: state.timeline.olderPageToken,
      });
      const current = this.timelineState(conversationId);
      this.setTimeline(conversationId, {
        ...current, loadingOlder: false, timeline: withOlderPage(current.timeline, page.messages, page.nextPageToken),
      });
    } catch (error) {
      this.setTimeline(conversationId, { ...this.timelineState(conversationId), loadingOlder: false, error });
    }
  }

  /** Posts a message: shown as pending at once, retried safely (same client message id) on transient failures. */
  async send(conversationId: string, text: string, mentions: MessageInitShape<typeof MentionSchema>[] = []): Promise<void> {
    const request = create(SendMessageRequestSchema, { conversationId, text, mentions, clientMessageId: newClientMessageId() });
    this.sends.set(request.clientMessageId, request);
    this.notifiers.get(conversationId)?.stopped();
    this.editTimeline(conversationId, (t) => addPending(t, request.clientMessageId, text));
    await this.deliver(request);
  }

  /** Replies in the thread of `rootMessageId`: pending, retried and confirmed like any other message. */
  async reply(conversationId: string, rootMessageId: string, text: string): Promise<void> {
    const request = create(SendMessageRequestSchema, {
      conversationId, text, clientMessageId: newClientMessageId(), replyToMessageId: rootMessageId,
    });
    this.sends.set(request.clientMessageId, request);
    this.notifiers.get(conversationId)?.stopped();
    this.editTimeline(conversationId, (t) => addPending(t, request.clientMessageId, text));
    await this.deliver(request);
  }

  /** A thread: its root and the replies (oldest first), for the side panel. */
  async loadThread(rootMessageId: string): Promise<{ root?: Message; replies: Message[] }> {
    const { root, replies } = await this.chat.listThread({ messageId: rootMessageId, pageSize: 200 });
    return { root, replies };
  }

  /** Adds or takes back the caller's reaction; the answer (the whole message) replaces the one held. */
  async react(conversationId: string, messageId: string, emoji: string, add: boolean): Promise<void> {
    const { message } = add ? await this.chat.addReaction({ messageId, emoji }) : await this.chat.removeReaction({ messageId, emoji });
    if (message) {
      this.editTimeline(conversationId, (t) => replaceIfHeld(t, message));
    }
  }

  /**
   * Edits, deletes, pins or unpins a message: the answer (the whole message) replaces the one held at once; the
   * live feed's MessageUpdated/MessageDeleted frame brings the same to everyone else.
   */
  async changeMessage(conversationId: string, messageId: string,
                      change: { edit: string } | { delete: true } | { pin: boolean }): Promise<void> {
    const { message } = "edit" in change
      ? await this.chat.editMessage({ messageId, text: change.edit })
      : "delete" in change
        ? await this.chat.deleteMessage({ messageId })
        : change.pin ? await this.chat.pinMessage({ messageId }) : await this.chat.unpinMessage({ messageId });
    if (message) {
      this.editTimeline(conversationId, (t) => replaceIfHeld(t, message));
      this.editConversation(conversationId, (c) =>
        c.lastMessage?.messageId === message.messageId ? { ...c, lastMessage: message } : c);
    }
  }

  /** Sends a failed message again, with its original client message id (never posted twice). */
  async retry(conversationId: string, clientMessageId: string): Promise<void> {
    const request = this.sends.get(clientMessageId);
    if (!request) {
      return;
    }
    this.editTimeline(conversationId, (t) => markPending(t, clientMessageId, "sending"));
    await this.deliver(request);
  }

  discard(conversationId: string, clientMessageId: string): void {
    this.sends.delete(clientMessageId);
    this.editTimeline(conversationId, (t) => dropPending(t, clientMessageId));
  }

  private async deliver(request: SendMessageRequest): Promise<void> {
    try {
      const { message } = await withIdempotentRetry(() => this.chat.sendMessage(request), this.options.sendRetry);
      this.sends.delete(request.clientMessageId);
      if (message) {
        this.editTimeline(request.conversationId, (t) => upsert(t, message));
        this.noteMessage(message);
        this.markRead(request.conversationId);
      }
    } catch (error) {
      this.editTimeline(request.conversationId, (t) => markPending(t, request.clientMessageId, "failed", error));
    }
  }

  /** Moves the read marker to the newest message the app holds of the conversation, if it is behind. */
  async markRead(conversationId: string): Promise<void> {
    const conversation = this.conversation(conversationId);
    const state = this.snapshot.timelines.get(conversationId);
    if (!conversation || !state?.loaded || this.markingRead.has(conversationId)) {
      return;
    }
    const newest = newestSequence(state.timeline);
    if (newest <= conversation.lastReadSequence && conversation.unreadCount === 0n) {
      return;
    }
    this.markingRead.add(conversationId);
    try {
      const response = await this.chat.markRead({ conversationId, sequence: newest });
      this.editConversation(conversationId, (c) => ({
        ...c, lastReadSequence: response.lastReadSequence, unreadCount: response.unreadCount,
      }));
    } catch (error) {
      console.warn("MarkRead failed", error);
    } finally {
      this.markingRead.delete(conversationId);
    }
  }

  /** The SendTyping side of a conversation's composer. */
  typingNotifier(conversationId: string): TypingNotifier {
    let notifier = this.notifiers.get(conversationId);
    if (!notifier) {
      notifier = new TypingNotifier((typing) => this.chat.sendTyping({ conversationId, typing }), this.now);
      this.notifiers.set(conversationId, notifier);
    }
    return notifier;
  }

  /** Opens (or finds) the direct conversation with these users; it joins the list and the feed. */
  async openDirect(participantUserIds: string[]): Promise<Conversation> {
    const { conversation } = await this.chat.openDirect({ participantUserIds });
    if (!conversation) {
      throw new Error("OpenDirect answered without a conversation");
    }
    this.upsertConversation(conversation);
    this.follow();
    return conversation;
  }

  /** A frame from the live feed. */
  applyFrame(frame: ServerFrame): void {
    if (this.disposed) {
      return;
    }
    const f = frame.frame;
    switch (f.case) {
      case "messageCreated": {
        const message = f.value.message;
        if (!message) return;
        this.update({ typing: clearTyping(this.snapshot.typing, message.conversationId, message.authorUserId) });
        const state = this.snapshot.timelines.get(message.conversationId);
        if (state?.detached) {
          // A window before the newest messages: a message right after it joins it; later ones wait for loadNewer.
          if (message.sequence === contiguousEnd(state.timeline) + 1n) {
            const timeline = upsert(state.timeline, message);
            this.noteMessage(message);
            this.setTimeline(message.conversationId, { ...state, timeline, detached: this.behindNewest(message.conversationId, timeline) });
          } else {
            this.noteMessage(message);
          }
          return;
        }
        if (state) {
          const applied = applyCreated(state.timeline, message);
          this.setTimeline(message.conversationId, { ...state, timeline: applied.timeline });
          if (applied.gap && state.loaded) {
            void this.refetchNewest(message.conversationId);
          }
        }
        this.noteMessage(message);
        return;
      }
      case "messageUpdated":
      case "messageDeleted": {
        const message = f.value.message;
        if (!message) return;
        this.editTimeline(message.conversationId, (t) => replaceIfHeld(t, message));
        this.editConversation(message.conversationId, (c) =>
          c.lastMessage?.messageId === message.messageId ? { ...c, lastMessage: message } : c);
        return;
      }
      case "typingChanged":
        this.update({ typing: applyTyping(this.snapshot.typing, f.value, this.now()) });
        return;
      case "readMarkerMoved":
        if (f.value.userId === this.me) {
          const { conversationId, lastReadSequence } = f.value;
          const conversation = this.conversation(conversationId);
          if (conversation && lastReadSequence >= conversation.lastSequence) {
            this.editConversation(conversationId, (c) => ({ ...c, lastReadSequence, unreadCount: 0n }));
          } else {
            this.scheduleListRefresh();
          }
        }
        return;
      case "membersChanged":
        if (f.value.removedUserIds.includes(this.me)) {
          this.update({ conversations: this.snapshot.conversations.filter((c) => c.conversationId !== f.value.conversationId) });
          this.follow();
        } else {
          this.editConversation(f.value.conversationId, (c) => ({ ...c, archived: c.archived || f.value.archived }));
          this.scheduleListRefresh();
        }
        return;
      case "replayTruncated": {
        const { conversationId, lastSequence } = f.value;
        this.editConversation(conversationId, (c) => ({ ...c, lastSequence: max(c.lastSequence, lastSequence) }));
        if (this.snapshot.timelines.get(conversationId)?.loaded) {
          void this.refetchNewest(conversationId);
        }
        this.scheduleListRefresh();
        return;
      }
      case "presenceChanged": {
        const presence = f.value.presence;
        if (presence) {
          this.update({ presence: new Map(this.snapshot.presence).set(presence.userId, presence.online) });
        }
        return;
      }
      case "reactionChanged":
        this.editTimeline(f.value.conversationId, (t) => applyReaction(t, f.value, this.me));
        return;
      default:
        // heartbeat: nothing to show
        return;
    }
  }

  /** Where each followed conversation resumes: after the last message held without a hole. */
  private targets(): FeedTarget[] {
    return this.snapshot.conversations.slice(0, MAX_FOLLOWED).map((c) => {
      const state = this.snapshot.timelines.get(c.conversationId);
      const resumeAfterSequence = state?.loaded ? contiguousEnd(state.timeline) || c.lastSequence : c.lastSequence;
      return { conversationId: c.conversationId, resumeAfterSequence };
    });
  }

  /**
   * (Re)starts the feed when the set of followed conversations changed, or when it is not running. A running
   * feed keeps its stream: it reads the resume points anew at its next reconnect.
   */
  private follow(): void {
    if (this.disposed) {
      return;
    }
    const key = this.snapshot.conversations.slice(0, MAX_FOLLOWED).map((c) => c.conversationId).sort().join(",");
    const running = this.feed.state.kind !== "idle" && this.feed.state.kind !== "stopped";
    if (key !== this.followedKey || !running) {
      this.followedKey = key;
      this.feed.restart();
    }
  }

  /** Missed messages: fetch the newest page and merge it (once at a time per conversation). */
  private async refetchNewest(conversationId: string): Promise<void> {
    if (this.refetching.has(conversationId)) {
      return;
    }
    this.refetching.add(conversationId);
    try {
      const page = await this.chat.listMessages({ conversationId, pageSize: this.pageSize });
      this.editTimeline(conversationId, (t) => withNewestPage(t, page.messages, page.nextPageToken));
    } catch (error) {
      const state = this.snapshot.timelines.get(conversationId);
      if (state) {
        this.setTimeline(conversationId, { ...state, error });
      }
    } finally {
      this.refetching.delete(conversationId);
    }
  }

  /** A message was posted: the conversation's summary (last message, unread count) and its place in the list. */
  private noteMessage(message: Message): void {
    const existing = this.conversation(message.conversationId);
    if (!existing) {
      return;
    }
    const isNew = message.sequence > existing.lastSequence;
    if (message.sequence > existing.lastSequence + 1n && !this.snapshot.timelines.get(message.conversationId)?.loaded) {
      // Messages missed in a conversation not open: the unread count is behind; the list knows it.
      this.scheduleListRefresh();
    }
    const unread = isNew && message.authorUserId !== this.me && !message.deleted && message.sequence > existing.lastReadSequence;
    const updated: Conversation = {
      ...existing,
      lastSequence: max(existing.lastSequence, message.sequence),
      lastMessage: isNew ? message : existing.lastMessage,
      unreadCount: existing.unreadCount + (unread ? 1n : 0n),
    };
    const others = this.snapshot.conversations.filter((c) => c.conversationId !== message.conversationId);
    this.update({ conversations: isNew ? [updated, ...others] : this.snapshot.conversations.map((c) => (c === existing ? updated : c)) });
  }

  private scheduleListRefresh(): void {
    if (this.listRefresh !== null || this.disposed) {
      return;
    }
    const timers = this.options.timers ?? { setTimeout: (f: () => void, ms: number) => globalThis.setTimeout(f, ms) };
    this.listRefresh = timers.setTimeout(() => {
      this.listRefresh = null;
      void this.refreshConversations();
    }, 1000);
  }

  /** Re-reads the list (unread counts, members) without showing a loading state. */
  private async refreshConversations(): Promise<void> {
    try {
      const response = await this.chat.listConversations({ pageSize: MAX_FOLLOWED });
      this.update({ conversations: response.conversations });
      this.follow();
    } catch (error) {
      console.warn("ListConversations failed", error);
    }
  }

  private upsertConversation(conversation: Conversation): void {
    const others = this.snapshot.conversations.filter((c) => c.conversationId !== conversation.conversationId);
    this.update({ conversations: [conversation, ...others] });
  }

  private editConversation(conversationId: string, edit: (c: Conversation) => Conversation): void {
    this.update({
      conversations: this.snapshot.conversations.map((c) => (c.conversationId === conversationId ? edit(c) : c)),
    });
  }

  private timelineState(conversationId: string): TimelineState {
    return this.snapshot.timelines.get(conversationId) ?? {
      timeline: emptyTimeline(conversationId), loaded: false, loading: false, loadingOlder: false, error: null,
    };
  }

  private editTimeline(conversationId: string, edit: (t: Timeline) => Timeline): void {
    const state = this.snapshot.timelines.get(conversationId);
    if (state) {
      this.setTimeline(conversationId, { ...state, timeline: edit(state.timeline) });
    }
  }

  private setTimeline(conversationId: string, state: TimelineState): void {
    const timelines = new Map(this.snapshot.timelines);
    timelines.set(conversationId, state);
    this.update({ timelines });
  }

  private update(change: Partial<ChatSnapshot>): void {
    if (this.disposed) {
      return;
    }
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of [...this.listeners]) {
      listener();
    }
  }
}

/** Subscribe wraps each ServerFrame in a SubscribeResponse. */
async function* framesOf(stream: AsyncIterable<SubscribeResponse>): AsyncGenerator<ServerFrame> {
  for await (const response of stream) {
    if (response.frame) {
      yield response.frame;
    }
  }
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
