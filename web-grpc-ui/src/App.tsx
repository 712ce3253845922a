import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { Api } from "./api/clients";
import { ChatController } from "./chat/controller";
import { AppContext, useApp } from "./context";
import { Link, navigate, usePath } from "./router";
import { shortId } from "./ui/common";
import { ChatView } from "./views/Chat";
import { CoursesView } from "./views/Courses";
import { GroupsView } from "./views/Groups";
import { SignInView } from "./views/SignIn";

export function App({ api }: { api: Api }) {
  const session = useSyncExternalStore(
    (listener) => api.session.subscribe(listener),
    () => api.session.current,
  );
  if (!session) {
    return <SignInView api={api} />;
  }
  // A new sign-in (another user) gets a fresh app state.
  return <SignedIn key={session.user.userId} api={api} />;
}

function SignedIn({ api }: { api: Api }) {
  const user = api.session.current!.user;
  // Made in the effect (not during render) so that each mount has its own, disposed when it unmounts.
  const [chat, setChat] = useState<ChatController | null>(null);
  useEffect(() => {
    const controller = new ChatController(api.chat, user.userId, {
      refreshAuth: async () => {
        const token = api.session.accessToken;
        return token !== null && (await api.session.refreshAfter(token)) !== null;
      },
    });
    setChat(controller);
    void controller.start();
    return () => controller.dispose();
  }, [api, user.userId]);

  const services = useMemo(() => (chat ? { api, user, chat } : null), [api, user, chat]);
  if (!services) {
    return null;
  }
  return (
    <AppContext.Provider value={services}>
      <Shell />
    </AppContext.Provider>
  );
}

function Shell() {
  const { api, chat } = useApp();
  const path = usePath();
  const unread = useSyncExternalStore(chat.subscribe, () => totalUnread(chat));
  return (
    <>
      <header className="top">
        <Link to="/" className="brand">Cohort</Link>
        <nav>
          <Link to="/courses" className={path.startsWith("/courses") || path === "/" ? "active" : ""}>Courses</Link>
          <Link to="/groups" className={path.startsWith("/groups") ? "active" : ""}>Groups</Link>
          <Link to="/chat" className={path.startsWith("/chat") ? "active" : ""}>
            Chat{unread > 0 && <span className="badge">{unread}</span>}
          </Link>
        </nav>
        <Me api={api} />
      </header>
      <main>
        <Route path={path} />
      </main>
    </>
  );
}

function totalUnread(chat: ChatController): number {
  return chat.getSnapshot().conversations.reduce((sum, c) => sum + Number(c.unreadCount), 0);
}

function Route({ path }: { path: string }) {
  if (path.startsWith("/chat")) {
    const conversationId = path.split("/")[2] || null;
    return <ChatView conversationId={conversationId} />;
  }
  if (path.startsWith("/groups")) {
    return <GroupsView />;
  }
  return <CoursesView />;
}

function Me({ api }: { api: Api }) {
  const user = api.session.current!.user;
  const [copied, setCopied] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(user.userId);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // clipboard refused (http origin other than localhost): the id is shown in the title anyway
    }
  };
  const signOut = async () => {
    setLeaving(true);
    try {
      await api.identity.logout({});
    } catch {
      // the session ends here either way
    }
    api.session.signOut();
    navigate("/");
  };
  return (
    <div className="me">
      <span title={user.email}>{user.displayName}</span>
      <button className="link" onClick={copy} title={`Your user id: ${user.userId} (click to copy)`}>
        {copied ? "copied" : `id ${shortId(user.userId)}…`}
      </button>
      <button onClick={signOut} disabled={leaving}>{leaving ? "Signing out…" : "Sign out"}</button>
    </div>
  );
}
