import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { useApp } from "../context";
import {
  NotificationKind,
  type KindPreference,
  type Notification,
} from "../gen/cohort/notification/v1/notification_pb";
import { ErrorBox, formatTime, Spinner } from "../ui/common";
import type { NotificationFeed } from "./feed";

const KIND_LABELS: Record<number, string> = {
  [NotificationKind.MENTION]: "Mentions",
  [NotificationKind.DIRECT_MESSAGE]: "Direct messages while away",
  [NotificationKind.JOIN_REQUEST]: "Join requests to my groups",
  [NotificationKind.JOIN_APPROVED]: "My join request approved",
  [NotificationKind.JOIN_REJECTED]: "My join request declined",
  [NotificationKind.GROUP_DISBANDED]: "A group of mine disbanded",
  [NotificationKind.GROUP_HANDED_OVER]: "A group handed to me",
  [NotificationKind.ENROLLMENT_CONFIRMED]: "Enrolment confirmed",
  [NotificationKind.ENROLLMENT_DROPPED]: "Enrolment dropped",
  [NotificationKind.NEW_FOLLOWER]: "New followers",
  [NotificationKind.REPORT_RESOLVED]: "The outcome of my reports",
  [NotificationKind.MODERATION_NOTICE]: "Moderators' notices to me",
};

/** The notifications page: the list (newest first, what came live on top), mark read, and the preferences. */
export function NotificationsView({ feed }: { feed: NotificationFeed }) {
  const { api } = useApp();
  const live = useSyncExternalStore(feed.subscribe, feed.getSnapshot);
  const [listed, setListed] = useState<Notification[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setListed((await api.notification.listNotifications({ pageSize: 50 })).notifications);
    } catch (failure) {
      setError(failure);
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);

  const markAll = async () => {
    const upTo = [...live.recent, ...(listed ?? [])].reduce((max, n) => (n.id > max ? n.id : max), 0n);
    try {
      const { unreadCount } = await api.notification.markAllRead({ upToId: upTo });
      feed.setUnread(unreadCount);
      await load();
    } catch (failure) {
      setError(failure);
    }
  };

  const open = async (notification: Notification) => {
    if (!notification.read) {
      try {
        const { unreadCount } = await api.notification.markRead({ ids: [notification.id] });
        feed.setUnread(unreadCount);
        await load();
      } catch (failure) {
        setError(failure);
      }
    }
  };

  // Live ones first, then the listed ones not among them.
  const seen = new Set(live.recent.map((n) => n.id));
  const shown = [...live.recent, ...(listed ?? []).filter((n) => !seen.has(n.id))];
  return (
    <section>
      <h1>Notifications {live.unreadCount > 0n && <span className="badge">{String(live.unreadCount)}</span>}</h1>
      {error !== null && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      <p>
        <button onClick={markAll} disabled={live.unreadCount === 0n}>Mark all read</button>{" "}
        {live.connected ? "Live" : "Connecting…"}
      </p>
      {listed === null ? (
        <Spinner label="Loading notifications" />
      ) : shown.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ul className="notifications">
          {shown.map((n) => (
            <li key={String(n.id)} className={n.read ? "read" : "unread"} onClick={() => void open(n)}>
              <strong>{n.title}</strong> <small>{formatTime(n.createTime)}</small>
              {n.body && <div>{n.body}</div>}
            </li>
          ))}
        </ul>
      )}
      <Preferences />
    </section>
  );
}

/** Per kind: in the app and by e-mail. */
function Preferences() {
  const { api } = useApp();
  const [kinds, setKinds] = useState<KindPreference[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.notification.getPreferences({}).then((answer) => setKinds(answer.kinds), setError);
  }, [api]);

  const change = async (kind: KindPreference, field: "inApp" | "email", value: boolean) => {
    try {
      const answer = await api.notification.updatePreferences({
        kinds: [{ kind: kind.kind, inApp: field === "inApp" ? value : kind.inApp, email: field === "email" ? value : kind.email }],
      });
      setKinds(answer.kinds);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section>
      <h2>Preferences</h2>
      {error !== null && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {kinds === null ? (
        <Spinner label="Loading preferences" />
      ) : (
        <table>
          <thead>
            <tr><th>Kind</th><th>In the app</th><th>E-mail</th></tr>
          </thead>
          <tbody>
            {kinds.map((kind) => (
              <tr key={kind.kind}>
                <td>{KIND_LABELS[kind.kind] ?? String(kind.kind)}</td>
                <td><input type="checkbox" aria-label={`${KIND_LABELS[kind.kind]} in the app`} checked={kind.inApp}
                  onChange={(e) => void change(kind, "inApp", e.target.checked)} /></td>
                <td><input type="checkbox" aria-label={`${KIND_LABELS[kind.kind]} by e-mail`} checked={kind.email}
                  onChange={(e) => void change(kind, "email", e.target.checked)} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
