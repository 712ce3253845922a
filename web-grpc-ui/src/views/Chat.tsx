import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent } from "react";
import { errorLine } from "../api/errors";
import type { ChatController } from "../chat/controller";
import type { FeedState } from "../chat/liveFeed";
import { nextTypingExpiry, typingUsers } from "../chat/typing";
import { useApp } from "../context";
import { ConversationKind, type Conversation, type Message } from "../gen/cohort/chat/v1/chat_pb";
import { Link, navigate } from "../router";
import { ErrorBox, formatTime, shortId, Spinner } from "../ui/common";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function useChat(chat: ChatController) {
  return useSyncExternalStore(chat.subscribe, chat.getSnapshot);
}

export function conversationTitle(conversation: Conversation, me: string): string {
  if (conversation.kind === ConversationKind.DIRECT) {
    // The inlined member preview holds every member of a direct (at most 8); channels page theirs.
    const others = conversation.members.filter((m) => m.userId !== me).map((m) => shortId(m.userId));
    return others.length ? `Direct: ${others.join(", ")}` : "Direct: just you";
  }
  return conversation.name || "(unnamed)";
}

export function ChatView({ conversationId }: { conversationId: string | null }) {
  const { chat, user } = useApp();
  const snapshot = useChat(chat);
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
                  <span className="title">{conversationTitle(c, user.userId)}</span>
                  {c.unreadCount > 0n && <span className="badge">{c.unreadCount.toString()}</span>}
                </span>
                <span className="preview muted small">
                  {c.lastMessage ? preview(c.lastMessage, user.userId) : "No messages"}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <OpenDirect />
      </aside>
      <div className="conversation-pane">
        {conversationId ? <ConversationView key={conversationId} conversationId={conversationId} />
          : <p className="muted">Pick a conversation.</p>}
      </div>
    </section>
  );
}

function preview(message: Message, me: string): string {
  const who = message.authorUserId === me ? "You" : shortId(message.authorUserId);
  return message.deleted ? `${who}: (deleted)` : `${who}: ${message.text.slice(0, 60)}`;
}

function FeedStatus({ feed, onRetry }: { feed: FeedState; onRetry: () => void }) {
  switch (feed.kind) {
    case "live":
      return <div className="feed live">● Live</div>;
    case "connecting":
      return <div className="feed"><Spinner label={feed.attempt > 1 ? `Reconnecting (attempt ${feed.attempt})…` : "Connecting…"} /></div>;
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

function OpenDirect() {
  const { chat, user } = useApp();
  const [userId, setUserId] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ids = userId.split(/[\s,]+/).filter(Boolean);
    if (ids.length === 0 || !ids.every((id) => UUID.test(id))) {
      setError(new Error("Enter one or more user ids (UUIDs), separated by commas."));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const conversation = await chat.openDirect(ids);
      setUserId("");
      navigate(`/chat/${conversation.conversationId}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack direct" onSubmit={submit}>
      <label className="small">Message someone (their user id)
        <input value={userId} onChange={(e) => setUserId(e.target.value)} placeholder="e.g. 7b1c3d1e-…"
          aria-label="User id" />
      </label>
      <button type="submit" disabled={busy || userId.trim() === ""}>{busy ? "Opening…" : "Open direct chat"}</button>
      <small className="muted">Yours: <code>{user.userId}</code></small>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
    </form>
  );
}

function ConversationView({ conversationId }: { conversationId: string }) {
  const { chat, user } = useApp();
  const snapshot = useChat(chat);
  const conversation = snapshot.conversations.find((c) => c.conversationId === conversationId);
  const state = snapshot.timelines.get(conversationId);
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  useRenderWhenTypingLapses(snapshot.typing);

  useEffect(() => {
    void chat.open(conversationId);
  }, [chat, conversationId]);

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

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && stickToBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [state?.timeline]);

  if (!state || (state.loading && state.timeline.messages.length === 0)) {
    return state?.error ? <ErrorBox error={state.error} /> : <Spinner label="Loading messages…" />;
  }
  if (!state.loaded && state.error) {
    return <ErrorBox error={state.error} />;
  }

  const typing = typingUsers(snapshot.typing, conversationId, Date.now(), user.userId);
  const title = conversation ? conversationTitle(conversation, user.userId) : shortId(conversationId);
  const onScroll = () => {
    const element = scroller.current;
    if (element) {
      stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
    }
  };

  return (
    <div className="conversation-view">
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
        </div>
      </header>
      <div className="messages" ref={scroller} onScroll={onScroll}>
        {state.timeline.olderPageToken !== "" && (
          <div className="center">
            {state.loadingOlder ? <Spinner label="Loading older messages…" />
              : <button onClick={() => { stickToBottom.current = false; void chat.loadOlder(conversationId); }}>Load older messages</button>}
          </div>
        )}
        {state.timeline.olderPageToken === "" && state.timeline.messages.length > 0 && (
          <div className="center muted small">Beginning of the conversation</div>
        )}
        {state.timeline.messages.map((m) => <MessageRow key={m.sequence.toString()} message={m} me={user.userId} />)}
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
        {typing.length > 0 && `${typing.map(shortId).join(", ")} ${typing.length === 1 ? "is" : "are"} typing…`}
      </div>
      {conversation?.archived ? (
        <p className="muted">This conversation is archived.</p>
      ) : (
        <Composer conversationId={conversationId} onSent={() => (stickToBottom.current = true)} />
      )}
    </div>
  );
}

function MessageRow({ message, me }: { message: Message; me: string }) {
  const mine = message.authorUserId === me;
  return (
    <div className={`message ${mine ? "mine" : ""} ${message.deleted ? "deleted" : ""}`}>
      <div className="meta">
        {mine ? "You" : <span title={message.authorUserId}>{shortId(message.authorUserId)}</span>}
        {" · "}{formatTime(message.createTime)}
        {message.editTime && !message.deleted && " · edited"}
        {message.pinned && " · pinned"}
      </div>
      <div className="text">{message.deleted ? <em>(deleted)</em> : message.text}</div>
    </div>
  );
}

function Composer({ conversationId, onSent }: { conversationId: string; onSent: () => void }) {
  const { chat } = useApp();
  const [text, setText] = useState("");
  const notifier = chat.typingNotifier(conversationId);
  useEffect(() => () => notifier.stopped(), [notifier]);

  const send = () => {
    const body = text.trim();
    if (body === "") {
      return;
    }
    setText("");
    onSent();
    void chat.send(conversationId, body);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
  return (
    <form className="composer" onSubmit={(e) => { e.preventDefault(); send(); }}>
      <textarea value={text} rows={2} maxLength={4000} placeholder="Write a message (Enter sends, Shift+Enter: new line)"
        onChange={(e) => { setText(e.target.value); notifier.input(e.target.value); }} onKeyDown={onKeyDown}
        onBlur={() => notifier.stopped()} aria-label="Message" />
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
