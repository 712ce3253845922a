import { MuteToggle } from "../notifications/MuteToggle";
import { ReportButton } from "../moderation/ReportButton";
import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from "react";
import { Code, ConnectError } from "@connectrpc/connect";
import { useQuery } from "@tanstack/react-query";
import { errorLine } from "../api/errors";
import type { ChatController } from "../chat/controller";
import type { FeedState } from "../chat/liveFeed";
import { completeMention, mentionQuery, mentionsIn, type PickedMention } from "../chat/mentions";
import { firstUnread, threadReplies } from "../chat/timeline";
import { nextTypingExpiry, typingUsers } from "../chat/typing";
import { useApp } from "../context";
import { ConversationKind, type Conversation, type Message } from "../gen/cohort/chat/v1/chat_pb";
import type { Profile } from "../gen/cohort/profile/v1/profile_pb";
import { Avatar, Person, personName } from "../people/Person";
import { usePeople } from "../people/usePeople";
import { Link, navigate } from "../router";
import { ErrorBox, formatTime, shortId, Spinner } from "../ui/common";
import { PeopleSearch } from "./PeopleSearch";

function useChat(chat: ChatController) {
  return useSyncExternalStore(chat.subscribe, chat.getSnapshot);
}

type People = Map<string, Profile | null | undefined>;

/** The other members of a direct (its inlined member preview holds all of them, at most 8). */
function directOthers(conversation: Conversation, me: string): string[] {
  return conversation.members.filter((m) => m.userId !== me).map((m) => m.userId);
}

export function conversationTitle(conversation: Conversation, me: string, people: People = new Map()): string {
  if (conversation.kind === ConversationKind.DIRECT) {
    const others = directOthers(conversation, me).map((id) => personName(people.get(id), id));
    return others.length ? others.join(", ") : "Just you";
  }
  return conversation.name || "(unnamed)";
}

/** Everyone a list of conversations names: direct partners and last messages' authors (one batch for all). */
function conversationPeople(conversations: readonly Conversation[]): string[] {
  return conversations.flatMap((c) => [
    ...(c.kind === ConversationKind.DIRECT ? c.members.map((m) => m.userId) : []),
    ...(c.lastMessage ? [c.lastMessage.authorUserId] : []),
  ]);
}

/** `?at=<sequence>` as a sequence, or null when absent or not a number. */
function atSequence(at: string | null | undefined): bigint | null {
  return at && /^[0-9]{1,18}$/.test(at) && at !== "0" ? BigInt(at) : null;
}

export function ChatView({ conversationId, at }: { conversationId: string | null; at?: string | null }) {
  const { chat, user } = useApp();
  const snapshot = useChat(chat);
  const ids = useMemo(() => conversationPeople(snapshot.conversations), [snapshot.conversations]);
  const people = usePeople(ids);
  return (
    <section className="chat">
      <aside className="conversations">
        <div className="row spread">
          <h2>Conversations</h2>
          <button className="link" onClick={() => void chat.loadConversations()} disabled={snapshot.conversationsLoading}
            title="Reload the list">↻</button>
        </div>
        <FeedStatus feed={snapshot.feed} onRetry={() => chat.reconnect()} />
        <ErrorBox error={snapshot.conversationsError} />
        {snapshot.conversationsLoading && snapshot.conversations.length === 0 && <Spinner />}
        {!snapshot.conversationsLoading && !snapshot.conversationsError && snapshot.conversations.length === 0 && (
          <p className="muted small">No conversations yet. Join a group or message someone.</p>
        )}
        <ul className="list">
          {snapshot.conversations.map((c) => (
            <li key={c.conversationId}>
              <Link to={`/chat/${c.conversationId}`} className={`conversation ${c.conversationId === conversationId ? "active" : ""}`}>
                <span className="row spread">
                  <span className="title row">
                    {c.kind === ConversationKind.DIRECT && directOthers(c, user.userId)[0] !== undefined && (
                      <Avatar profile={people.get(directOthers(c, user.userId)[0]!)} userId={directOthers(c, user.userId)[0]!} />
                    )}
                    {conversationTitle(c, user.userId, people)}
                  </span>
                  {c.unreadCount > 0n && <span className="badge">{c.unreadCount.toString()}</span>}
                </span>
                <span className="preview muted small">
                  {c.lastMessage ? preview(c.lastMessage, user.userId, people) : "No messages"}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <OpenDirect />
      </aside>
      <div className="conversation-pane">
        {conversationId ? <ConversationView key={conversationId} conversationId={conversationId} at={atSequence(at)} />
          : <p className="muted">Pick a conversation.</p>}
      </div>
    </section>
  );
}

function preview(message: Message, me: string, people: People): string {
  const who = message.authorUserId === me ? "You" : personName(people.get(message.authorUserId), message.authorUserId);
  return message.deleted ? `${who}: (deleted)` : `${who}: ${message.text.slice(0, 60)}`;
}

function FeedStatus({ feed, onRetry }: { feed: FeedState; onRetry: () => void }) {
  switch (feed.kind) {
    case "live":
      return <div className="feed live">● Live</div>;
    case "connecting":
      return <div className="feed"><Spinner label={feed.attempt > 1 ? `Reconnecting (attempt ${feed.attempt})…` : "Connecting…"} /></div>;
    case "offline":
      return <div className="feed warn" role="status">Offline: reconnecting when the network is back…</div>;
    case "waiting":
      return <div className="feed warn" title={feed.reason}>Offline: retrying in {Math.ceil(feed.retryInMs / 1000)} s</div>;
    case "stopped":
      return (
        <div className="feed error">
          Live updates stopped: {errorLine(feed.error)} <button className="link" onClick={onRetry}>Retry</button>
        </div>
      );
    default:
      return null;
  }
}

/** Start (or reopen) a direct chat by picking someone by name. */
function OpenDirect() {
  const { chat } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = async (profile: Profile) => {
    setBusy(true);
    setError(null);
    try {
      const conversation = await chat.openDirect([profile.userId]);
      navigate(`/chat/${conversation.conversationId}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack direct">
      <PeopleSearch label="Message someone" actionLabel="message" onPick={open} />
      {busy && <Spinner label="Opening…" />}
      <DirectError error={error} onDismiss={() => setError(null)} />
    </div>
  );
}

/** PERMISSION_DENIED from OpenDirect: the person does not take messages from the caller (privacy or a block). */
export function DirectError({ error, onDismiss }: { error: unknown; onDismiss: () => void }) {
  if (error && ConnectError.from(error).code === Code.PermissionDenied) {
    return (
      <p className="error" role="alert">
        This person does not accept messages from you. <button className="link" onClick={onDismiss} aria-label="Dismiss">×</button>
      </p>
    );
  }
  return <ErrorBox error={error} onDismiss={onDismiss} />;
}

function ConversationView({ conversationId, at }: { conversationId: string; at: bigint | null }) {
  const { chat, user } = useApp();
  const snapshot = useChat(chat);
  const conversation = snapshot.conversations.find((c) => c.conversationId === conversationId);
  const state = snapshot.timelines.get(conversationId);
  const scroller = useRef<HTMLDivElement>(null);
  // Opened at a message (a search result): the reader's place is that message, not the bottom.
  const stickToBottom = useRef(at === null);
  const shownAt = useRef<bigint | null>(null);
  // The read marker as it was when the conversation opened: the "New messages" divider stays there while the
  // marker itself moves on as the reader reads.
  const readMarkAtOpen = useRef<bigint | null>(null);
  if (readMarkAtOpen.current === null && conversation) {
    readMarkAtOpen.current = conversation.lastReadSequence;
  }
  const [thread, setThread] = useState<string | null>(null);
  const [showPinned, setShowPinned] = useState(false);
  useRenderWhenTypingLapses(snapshot.typing);
  // Authors on screen, members shown and who is typing: asked for together, so one BatchGetProfiles call.
  const messages = state?.timeline.messages;
  const typingNow = typingUsers(snapshot.typing, conversationId, Date.now(), user.userId);
  const ids = useMemo(
    () => [...(messages ?? []).map((m) => m.authorUserId), ...(conversation?.members ?? []).map((m) => m.userId), ...typingNow],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [messages, conversation?.members, typingNow.join(",")],
  );
  const people = usePeople(ids);
  const presence = usePresence((conversation?.members ?? []).map((m) => m.userId));

  useEffect(() => {
    if (at !== null) {
      stickToBottom.current = false;
      void chat.openAt(conversationId, at);
    } else {
      void chat.open(conversationId);
    }
  }, [chat, conversationId, at]);

  const newest = state?.timeline.messages[state.timeline.messages.length - 1]?.sequence ?? 0n;
  // Read what is on screen: whenever newer messages show while the tab is visible.
  useEffect(() => {
    const mark = () => {
      if (document.visibilityState === "visible") {
        void chat.markRead(conversationId);
      }
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [chat, conversationId, newest, state?.loaded]);

  // Distance from the bottom when older messages were asked for: kept when they land above, so the reader's
  // place does not jump.
  const fromBottom = useRef<number | null>(null);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && stickToBottom.current) {
      element.scrollTop = element.scrollHeight;
    } else if (element && fromBottom.current !== null) {
      element.scrollTop = element.scrollHeight - fromBottom.current;
      fromBottom.current = null;
    }
  }, [state?.timeline]);
  // Brings the message opened at into view (once per `at`); a thread reply opens its thread beside its root.
  useLayoutEffect(() => {
    const target = at === null ? undefined : state?.timeline.messages.find((m) => m.sequence === at);
    if (!target || shownAt.current === at) {
      return;
    }
    shownAt.current = at;
    const root = target.threadRootMessageId !== ""
      ? state?.timeline.messages.find((m) => m.messageId === target.threadRootMessageId) : target;
    if (target.threadRootMessageId !== "") {
      setThread(target.threadRootMessageId);
    }
    const element = root && scroller.current?.querySelector(`[data-sequence="${root.sequence}"]`);
    element?.scrollIntoView?.({ block: "center" });
  }, [state?.timeline, at]);
  const loadOlder = () => {
    const element = scroller.current;
    stickToBottom.current = false;
    fromBottom.current = element ? element.scrollHeight - element.scrollTop : null;
    void chat.loadOlder(conversationId);
  };

  if (!state || (state.loading && state.timeline.messages.length === 0)) {
    return state?.error ? <ErrorBox error={state.error} /> : <Spinner label="Loading messages…" />;
  }
  if (!state.loaded && state.error) {
    return <ErrorBox error={state.error} />;
  }

  const typing = typingUsers(snapshot.typing, conversationId, Date.now(), user.userId);
  const roots = state.timeline.messages.filter((m) => m.threadRootMessageId === "");
  const unreadFrom = readMarkAtOpen.current === null ? null : firstUnread(roots, readMarkAtOpen.current, user.userId);
  // The message opened at, or the root of its thread when it is a reply.
  const atMessage = at === null ? undefined : state.timeline.messages.find((m) => m.sequence === at);
  const focusedSequence = atMessage?.threadRootMessageId
    ? state.timeline.messages.find((m) => m.messageId === atMessage.threadRootMessageId)?.sequence : atMessage?.sequence;
  const title = conversation ? conversationTitle(conversation, user.userId, people) : shortId(conversationId);
  const onScroll = () => {
    const element = scroller.current;
    if (element) {
      stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      // Infinite scroll upward: near the top, the next older page loads by itself (the button stays for keyboards).
      if (element.scrollTop < 80 && state.timeline.olderPageToken !== "" && !state.loadingOlder) {
        loadOlder();
      }
      // A window opened at a message: near the bottom, the next newer page joins on.
      if (state.detached && !state.loadingNewer && element.scrollHeight - element.scrollTop - element.clientHeight < 80) {
        void chat.loadNewer(conversationId);
      }
    }
  };

  return (
    <div className={`conversation-view ${thread ? "with-thread" : ""}`}>
      <div className="timeline-column">
      <header className="row spread">
        <div>
          <h2>{title}</h2>
          {conversation && (
            <div className="muted small">
              {conversation.memberCount} member{conversation.memberCount === 1 ? "" : "s"}
              {conversation.topic && ` · ${conversation.topic}`}
              {conversation.archived && " · archived"}
            </div>
          )}
          <button className="link small" aria-expanded={showPinned} onClick={() => setShowPinned(!showPinned)}>
            {showPinned ? "Hide pinned" : "Pinned messages"}
          </button>
          <MuteToggle conversationId={conversationId} />
          {showPinned && <PinnedMessages conversationId={conversationId} />}
          {conversation?.kind === ConversationKind.CHANNEL && !conversation.archived && (
            <ChannelTools conversationId={conversationId} />
          )}
          {conversation && conversation.members.length > 0 && (
            <ul className="members" aria-label="Members">
              {conversation.members.map((m) => (
                <li key={m.userId}>
                  <PresenceDot online={m.userId === user.userId || presence.get(m.userId) === true} />
                  <Person userId={m.userId} you={m.userId === user.userId} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </header>
      <div className="messages" ref={scroller} onScroll={onScroll}>
        {state.timeline.olderPageToken !== "" && (
          <div className="center">
            {state.loadingOlder ? <Spinner label="Loading older messages…" />
              : <button onClick={loadOlder}>Load older messages</button>}
          </div>
        )}
        {state.timeline.olderPageToken === "" && state.timeline.messages.length > 0 && (
          <div className="center muted small">Beginning of the conversation</div>
        )}
        {roots.map((m) => (
          <Fragment key={m.sequence.toString()}>
            {m === unreadFrom && (
              <div className="unread-divider" role="separator" aria-label="New messages"><span>New messages</span></div>
            )}
            <MessageRow message={m} me={user.userId} conversationId={conversationId} focused={m.sequence === focusedSequence}
              replies={replyCount(m, state.timeline.messages)} onOpenThread={() => setThread(m.messageId)} />
          </Fragment>
        ))}
        {state.detached && (
          <div className="center row newer">
            {state.loadingNewer ? <Spinner label="Loading newer messages…" /> : (
              <>
                <button onClick={() => void chat.loadNewer(conversationId)}>Load newer messages</button>
                <button className="link" onClick={() => { stickToBottom.current = true; void chat.jumpToLatest(conversationId); }}>
                  Jump to the latest
                </button>
              </>
            )}
          </div>
        )}
        {state.timeline.pending.map((p) => (
          <div key={p.clientMessageId} className={`message mine pending ${p.status}`}>
            <div className="meta">You · {p.status === "sending" ? "sending…" : "not sent"}</div>
            <div className="text">{p.text}</div>
            {p.status === "failed" && (
              <div className="small">
                <span className="error-inline">{errorLine(p.error)}</span>{" "}
                <button className="link" onClick={() => void chat.retry(conversationId, p.clientMessageId)}>Retry</button>{" "}
                <button className="link" onClick={() => chat.discard(conversationId, p.clientMessageId)}>Discard</button>
              </div>
            )}
          </div>
        ))}
        {state.timeline.messages.length === 0 && state.timeline.pending.length === 0 && (
          <p className="muted center">No messages yet. Say hello.</p>
        )}
      </div>
      {state.error !== null && state.error !== undefined && <ErrorBox error={state.error} />}
      <div className="typing muted small" aria-live="polite">
        {typing.length > 0 && `${typing.map((id) => personName(people.get(id), id)).join(", ")} ${typing.length === 1 ? "is" : "are"} typing…`}
      </div>
      {conversation?.archived ? (
        <p className="muted">This conversation is archived.</p>
      ) : (
        <Composer conversationId={conversationId} onSent={() => (stickToBottom.current = true)} />
      )}
      </div>
      {thread && (
        <ThreadPanel key={thread} conversationId={conversationId} rootMessageId={thread}
          archived={conversation?.archived ?? false} onClose={() => setThread(null)} />
      )}
    </div>
  );
}

/** Replies a root has: the server's count, or more if more replies arrived live since it was fetched. */
function replyCount(root: Message, messages: readonly Message[]): number {
  const held = messages.filter((m) => m.threadRootMessageId === root.messageId).length;
  return Math.max(root.replyCount, held);
}

/** The thread of one message beside the timeline: its replies (fetched, then live) and a composer for replying. */
function ThreadPanel({ conversationId, rootMessageId, archived, onClose }: {
  conversationId: string; rootMessageId: string; archived: boolean; onClose: () => void;
}) {
  const { chat, user } = useApp();
  const snapshot = useChat(chat);
  const [loaded, setLoaded] = useState<{ root?: Message; replies: Message[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    chat.loadThread(rootMessageId).then((thread) => current && setLoaded(thread), (failure) => current && setError(failure));
    return () => { current = false; };
  }, [chat, rootMessageId]);
  const timeline = snapshot.timelines.get(conversationId)?.timeline;
  const live = timeline ? threadReplies(timeline, rootMessageId) : [];
  // Fetched replies, then what arrived live (the same message once, the live copy winning: it has the newest reactions).
  const byId = new Map<string, Message>();
  for (const m of [...(loaded?.replies ?? []), ...live]) {
    byId.set(m.messageId, m);
  }
  const replies = [...byId.values()].sort((a, b) => (a.sequence < b.sequence ? -1 : 1));
  const root = timeline?.messages.find((m) => m.messageId === rootMessageId) ?? loaded?.root;
  return (
    <aside className="thread-panel" aria-label="Thread">
      <div className="row spread">
        <h3>Thread</h3>
        <button className="link" onClick={onClose} aria-label="Close thread">×</button>
      </div>
      <ErrorBox error={error} />
      {root && <MessageRow message={root} me={user.userId} conversationId={conversationId} />}
      {!loaded && !error && <Spinner label="Loading replies…" />}
      <div className="thread-replies">
        {replies.map((m) => <MessageRow key={m.messageId} message={m} me={user.userId} conversationId={conversationId} />)}
        {loaded && replies.length === 0 && <p className="muted small">No replies yet.</p>}
      </div>
      {!archived && <ThreadComposer conversationId={conversationId} rootMessageId={rootMessageId} />}
    </aside>
  );
}

function ThreadComposer({ conversationId, rootMessageId }: { conversationId: string; rootMessageId: string }) {
  const { chat } = useApp();
  const [text, setText] = useState("");
  const send = () => {
    const body = text.trim();
    if (body !== "") {
      setText("");
      void chat.reply(conversationId, rootMessageId, body);
    }
  };
  return (
    <form className="composer" onSubmit={(e) => { e.preventDefault(); send(); }}>
      <textarea value={text} rows={2} maxLength={4000} placeholder="Reply in thread" aria-label="Reply"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }} />
      <button type="submit" className="primary" disabled={text.trim() === ""}>Reply</button>
    </form>
  );
}

const QUICK_REACTIONS = ["👍", "🎉", "❤️", "😂"];

/** The reactions on a message (press one to add or take back yours) and a small picker of common ones. */
function Reactions({ message, conversationId }: { message: Message; conversationId: string }) {
  const { chat } = useApp();
  const [error, setError] = useState<unknown>(null);
  const toggle = (emoji: string, add: boolean) => {
    setError(null);
    chat.react(conversationId, message.messageId, emoji, add).catch(setError);
  };
  const unused = QUICK_REACTIONS.filter((emoji) => !message.reactions.some((r) => r.emoji === emoji));
  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {message.reactions.map((r) => (
        <button key={r.emoji} className={`reaction ${r.reactedByMe ? "mine" : ""}`} aria-pressed={r.reactedByMe}
          aria-label={`${r.emoji} ${r.count}${r.reactedByMe ? ", including you" : ""}`}
          onClick={() => toggle(r.emoji, !r.reactedByMe)}>
          {r.emoji} {r.count}
        </button>
      ))}
      <span className="add-reaction">
        {unused.map((emoji) => (
          <button key={emoji} className="reaction add" aria-label={`React with ${emoji}`} onClick={() => toggle(emoji, true)}>
            {emoji}
          </button>
        ))}
      </span>
      {error !== null && <span className="error-inline small" role="alert">{errorLine(error)}</span>}
    </div>
  );
}

function MessageRow({ message, me, conversationId, replies, onOpenThread, focused }: {
  message: Message; me: string; conversationId: string; replies?: number; onOpenThread?: () => void; focused?: boolean;
}) {
  const mine = message.authorUserId === me;
  const [editing, setEditing] = useState(false);
  return (
    <div className={`message ${mine ? "mine" : ""} ${message.deleted ? "deleted" : ""} ${focused ? "focused" : ""}`}
      data-message-id={message.messageId} data-sequence={message.sequence.toString()} aria-current={focused ? "true" : undefined}>
      <div className="meta">
        <Person userId={message.authorUserId} you={mine} />
        {" · "}<span title={message.imported ? "Imported with its original time" : undefined}>{formatTime(message.createTime)}</span>
        {message.editTime && !message.deleted && " · edited"}
        {message.pinned && " · pinned"}
      </div>
      {editing ? (
        <EditBox message={message} conversationId={conversationId} onDone={() => setEditing(false)} />
      ) : (
        <div className="text">{message.deleted ? <em>(deleted)</em> : message.text}</div>
      )}
      {!message.deleted && <Reactions message={message} conversationId={conversationId} />}
      {!message.deleted && !editing && (
        <MessageActions message={message} mine={mine} conversationId={conversationId} onEdit={() => setEditing(true)} />
      )}
      {onOpenThread && !message.deleted && (
        <button className="link small thread-link" onClick={onOpenThread}>
          {replies ? `${replies} repl${replies === 1 ? "y" : "ies"}` : "Reply in thread"}
        </button>
      )}
    </div>
  );
}

function Composer({ conversationId, onSent }: { conversationId: string; onSent: () => void }) {
  const { chat } = useApp();
  const [text, setText] = useState("");
  const [picked, setPicked] = useState<PickedMention[]>([]);
  const [active, setActive] = useState(0);
  const notifier = chat.typingNotifier(conversationId);
  useEffect(() => () => notifier.stopped(), [notifier]);
  const query = mentionQuery(text);
  const candidates = useMentionCandidates(conversationId, query);

  const send = () => {
    const body = text.trim();
    if (body === "") {
      return;
    }
    setText("");
    setPicked([]);
    onSent();
    void chat.send(conversationId, body, mentionsIn(body, picked));
  };
  const pick = (person: PickedMention) => {
    setText(completeMention(text, person.name));
    setPicked((list) => [...list, person]);
    setActive(0);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (candidates.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive((i) => (i + (event.key === "ArrowDown" ? 1 : candidates.length - 1)) % candidates.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        pick(candidates[Math.min(active, candidates.length - 1)]!);
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
  return (
    <form className="composer" onSubmit={(e) => { e.preventDefault(); send(); }}>
      {candidates.length > 0 && (
        <ul className="mention-list" role="listbox" id={`mentions-${conversationId}`} aria-label="People to mention">
          {candidates.map((person, i) => (
            <li key={person.userId} role="option" aria-selected={i === active} id={`mention-${person.userId}`}
              onMouseDown={(e) => { e.preventDefault(); pick(person); }}>
              {person.name}
            </li>
          ))}
        </ul>
      )}
      <textarea value={text} rows={2} maxLength={4000} placeholder="Write a message (Enter sends, Shift+Enter: new line, @ mentions)"
        onChange={(e) => { setText(e.target.value); notifier.input(e.target.value); }} onKeyDown={onKeyDown}
        onBlur={() => notifier.stopped()} aria-label="Message"
        role="combobox" aria-expanded={candidates.length > 0} aria-autocomplete="list"
        aria-controls={candidates.length > 0 ? `mentions-${conversationId}` : undefined}
        aria-activedescendant={candidates[active] ? `mention-${candidates[active]!.userId}` : undefined} />
      <button type="submit" className="primary" disabled={text.trim() === ""}>Send</button>
    </form>
  );
}

/** Renders again when the next typing indicator lapses (the render reads the clock itself). */
function useRenderWhenTypingLapses(typing: Parameters<typeof nextTypingExpiry>[0]): void {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const now = Date.now();
    const next = nextTypingExpiry(typing, now);
    if (next === null) {
      return;
    }
    const handle = setTimeout(() => setTick((t) => t + 1), next - now + 20);
    return () => clearTimeout(handle);
  }, [typing, tick]);
}

/** Pin or unpin any message; edit and delete one's own (deleting asks first); report others'. */
function MessageActions({ message, mine, conversationId, onEdit }: {
  message: Message; mine: boolean; conversationId: string; onEdit: () => void;
}) {
  const { chat } = useApp();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = (change: Parameters<ChatController["changeMessage"]>[2]) => {
    setError(null);
    chat.changeMessage(conversationId, message.messageId, change).catch(setError);
  };
  return (
    <div className="message-actions small">
      <button className="link" onClick={() => run({ pin: !message.pinned })}>{message.pinned ? "Unpin" : "Pin"}</button>
      {mine && <button className="link" onClick={onEdit}>Edit</button>}
      {mine && (confirmDelete ? (
        <span role="alert">
          Delete this message?{" "}
          <button className="link danger" onClick={() => run({ delete: true })}>Delete</button>{" "}
          <button className="link" onClick={() => setConfirmDelete(false)}>Keep</button>
        </span>
      ) : (
        <button className="link" onClick={() => setConfirmDelete(true)}>Delete</button>
      ))}
      {!mine && <ReportButton target={{ kind: "message", messageId: message.messageId }} what="this message" />}
      {error !== null && <span className="error-inline" role="alert">{errorLine(error)}</span>}
    </div>
  );
}

function EditBox({ message, conversationId, onDone }: { message: Message; conversationId: string; onDone: () => void }) {
  const { chat } = useApp();
  const [text, setText] = useState(message.text);
  const [error, setError] = useState<unknown>(null);
  const save = () => {
    const body = text.trim();
    if (body === "" || body === message.text) {
      onDone();
      return;
    }
    chat.changeMessage(conversationId, message.messageId, { edit: body }).then(onDone, setError);
  };
  return (
    <form className="stack" onSubmit={(e) => { e.preventDefault(); save(); }}>
      <textarea value={text} rows={2} maxLength={4000} aria-label="Edit message" autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            onDone();
          } else if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          }
        }} />
      <span className="row small">
        <button type="submit" className="primary">Save</button>
        <button type="button" onClick={onDone}>Cancel</button>
        {error !== null && <span className="error-inline" role="alert">{errorLine(error)}</span>}
      </span>
    </form>
  );
}

/** The conversation's pinned messages (ListMessages with pinned_only), fetched when opened. */
function PinnedMessages({ conversationId }: { conversationId: string }) {
  const { api } = useApp();
  const pinned = useQuery({
    queryKey: ["pinned", conversationId],
    queryFn: async () => (await api.chat.listMessages({ conversationId, pinnedOnly: true, pageSize: 50 })).messages,
    staleTime: 0,
  });
  return (
    <div className="pinned card small" aria-label="Pinned messages">
      {pinned.isPending && <Spinner label="Loading pinned messages…" />}
      <ErrorBox error={pinned.error} />
      {pinned.data?.length === 0 && <p className="muted">Nothing pinned yet.</p>}
      <ul className="list">
        {pinned.data?.map((m) => (
          <li key={m.messageId}><Person userId={m.authorUserId} />: {m.deleted ? <em>(deleted)</em> : m.text}</li>
        ))}
      </ul>
    </div>
  );
}

/** Members of the conversation whose name starts (any word) with what follows the "@" being typed; at most 6. */
function useMentionCandidates(conversationId: string, query: string | null): PickedMention[] {
  const { api, user } = useApp();
  const members = useQuery({
    queryKey: ["members", conversationId],
    queryFn: async () => (await api.chat.listConversationMembers({ conversationId, pageSize: 100 })).members.map((m) => m.userId),
    enabled: query !== null,
    staleTime: 60_000,
  });
  const people = usePeople(query !== null ? members.data ?? [] : []);
  if (query === null || !members.data) {
    return [];
  }
  const wanted = query.toLowerCase();
  return members.data
    .filter((id) => id !== user.userId && people.get(id))
    .map((id) => ({ userId: id, name: personName(people.get(id), id) }))
    .filter((p) => p.name.toLowerCase().split(/\s+/).some((word) => word.startsWith(wanted)) || p.name.toLowerCase().startsWith(wanted))
    .slice(0, 6);
}

/** A channel's invite (a people search that adds the person) and archive (asks first). */
function ChannelTools({ conversationId }: { conversationId: string }) {
  const { api, chat } = useApp();
  const [inviting, setInviting] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const invite = async (profile: Profile) => {
    setError(null);
    try {
      await api.chat.addMembers({ conversationId, userIds: [profile.userId] });
      setNotice(`${personName(profile, profile.userId)} was added.`);
      void chat.loadConversations();
    } catch (failure) {
      setError(failure);
    }
  };
  const archive = async () => {
    setError(null);
    try {
      await api.chat.archiveConversation({ conversationId });
      setConfirmArchive(false);
      void chat.loadConversations();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div className="row wrap small channel-tools">
      <button className="link" aria-expanded={inviting} onClick={() => setInviting(!inviting)}>Invite people</button>
      {confirmArchive ? (
        <span role="alert">
          Archive this channel? It stays readable, nobody can write.{" "}
          <button className="link danger" onClick={() => void archive()}>Archive</button>{" "}
          <button className="link" onClick={() => setConfirmArchive(false)}>Keep open</button>
        </span>
      ) : (
        <button className="link" onClick={() => setConfirmArchive(true)}>Archive…</button>
      )}
      {inviting && <PeopleSearch label="Invite to this channel" actionLabel="invite" onPick={(p) => void invite(p)} />}
      {notice && <span className="ok" role="status">{notice}</span>}
      {error !== null && (ConnectError.from(error).code === Code.PermissionDenied
        ? <span className="error-inline" role="alert">{errorLine(error)}</span>
        : <ErrorBox error={error} onDismiss={() => setError(null)} />)}
    </div>
  );
}

/**
 * Who of these people is online: GetPresence when they first show (and every minute), overlaid with what the live
 * feed says since (PresenceChanged), which is newer.
 */
function usePresence(userIds: readonly string[]): ReadonlyMap<string, boolean> {
  const { api, chat } = useApp();
  const ids = [...new Set(userIds)].sort();
  const fetched = useQuery({
    queryKey: ["presence", ids],
    queryFn: async () => new Map((await api.chat.getPresence({ userIds: ids })).presences.map((p) => [p.userId, p.online])),
    enabled: ids.length > 0,
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
  const live = useSyncExternalStore(chat.subscribe, () => chat.getSnapshot().presence);
  const merged = new Map(fetched.data ?? []);
  for (const id of ids) {
    const now = live?.get(id);
    if (now !== undefined) {
      merged.set(id, now);
    }
  }
  return merged;
}

function PresenceDot({ online }: { online: boolean }) {
  return <span className={`presence ${online ? "online" : ""}`} role="img" aria-label={online ? "online" : "offline"} />;
}
