import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { Api } from "./api/clients";
import { ChatController } from "./chat/controller";
import { ResetPasswordView, VerifyEmailBanner, VerifyEmailView } from "./account/AccountPages";
import { AppContext, useApp } from "./context";
import { Link, navigate, usePath, useQueryParam } from "./router";
import { createProfileBatcher } from "./people/batcher";
import { Person } from "./people/Person";
import { createQueryClient } from "./people/queries";
import { BatcherContext } from "./people/usePeople";
import { isAdmin } from "./auth/roles";
import { AdminLink } from "./moderation/AdminLink";
import { AdminView } from "./moderation/AdminView";
import { NotificationFeed } from "./notifications/feed";
import { NotificationsView } from "./notifications/NotificationsView";
import { SearchBox } from "./search/SearchBox";
import { ChannelsView } from "./views/Channels";
import { ChatView } from "./views/Chat";
import { ClassPage } from "./views/ClassPage";
import { CoursesView } from "./views/Courses";
import { HomeView } from "./views/Home";
import { GroupsView } from "./views/Groups";
import { PeopleView } from "./views/People";
import { ProfileView } from "./views/Profile";
import { SignInView } from "./views/SignIn";

export function App({ api }: { api: Api }) {
  const session = useSyncExternalStore(
    (listener) => api.session.subscribe(listener),
    () => api.session.current,
  );
  const path = usePath();
  // The pages e-mailed links open work signed in or not (ADR 52).
  if (path === "/verify-email") {
    return <VerifyEmailView api={api} />;
  }
  if (path === "/reset-password") {
    return <ResetPasswordView api={api} />;
  }
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
    const online = () => controller.networkChanged(true);
    const offline = () => controller.networkChanged(false);
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      controller.dispose();
    };
  }, [api, user.userId]);

  // Server state of the people features (profiles, search, privacy): one query cache per sign-in. Profiles asked
  // for in the same tick go out together in BatchGetProfiles calls.
  const queryClient = useMemo(() => createQueryClient(), []);
  const batcher = useMemo(
    () => createProfileBatcher(async (userIds) => (await api.profile.batchGetProfiles({ userIds })).profiles),
    [api],
  );
  useEffect(() => () => queryClient.clear(), [queryClient]);

  // The live notification feed (bell count), resumed after the last id seen whenever its stream ends.
  const [feed, setFeed] = useState<NotificationFeed | null>(null);
  useEffect(() => {
    const live = new NotificationFeed((resumeAfterId, signal) =>
      api.notification.subscribe({ resumeAfterId }, { signal }),
    );
    setFeed(live);
    void live.start();
    return () => live.dispose();
  }, [api, user.userId]);

  const services = useMemo(() => (chat ? { api, user, chat } : null), [api, user, chat]);
  if (!services || !feed) {
    return null;
  }
  return (
    <QueryClientProvider client={queryClient}>
      <BatcherContext.Provider value={batcher}>
        <AppContext.Provider value={services}>
          <Shell feed={feed} />
        </AppContext.Provider>
      </BatcherContext.Provider>
    </QueryClientProvider>
  );
}

function Shell({ feed }: { feed: NotificationFeed }) {
  const { api, chat } = useApp();
  const path = usePath();
  const unread = useSyncExternalStore(chat.subscribe, () => totalUnread(chat));
  const bell = useSyncExternalStore(feed.subscribe, () => feed.getSnapshot().unreadCount);
  return (
    <>
      <header className="top">
        <Link to="/" className="brand">Cohort</Link>
        <nav>
          <Link to="/" className={path === "/" || path.startsWith("/classes") ? "active" : ""}>Home</Link>
          <Link to="/courses" className={path.startsWith("/courses") ? "active" : ""}>Courses</Link>
          <Link to="/groups" className={path.startsWith("/groups") ? "active" : ""}>Groups</Link>
          <Link to="/channels" className={path.startsWith("/channels") ? "active" : ""}>Channels</Link>
          <Link to="/people" className={path.startsWith("/people") ? "active" : ""}>People</Link>
          <Link to="/chat" className={path.startsWith("/chat") ? "active" : ""}>
            Chat{unread > 0 && <span className="badge">{unread}</span>}
          </Link>
          <Link to="/notifications" className={path.startsWith("/notifications") ? "active" : ""}>
            <span aria-label="Notifications">🔔</span>{bell > 0n && <span className="badge">{String(bell)}</span>}
          </Link>
          <AdminLink session={api.session} active={path.startsWith("/admin")} />
        </nav>
        <SearchBox />
        <Me api={api} />
      </header>
      <VerifyEmailBanner api={api} />
      <main>
        <Route path={path} feed={feed} />
      </main>
    </>
  );
}

function totalUnread(chat: ChatController): number {
  return chat.getSnapshot().conversations.reduce((sum, c) => sum + Number(c.unreadCount), 0);
}

function Route({ path, feed }: { path: string; feed: NotificationFeed }) {
  const { api } = useApp();
  // A message to open the conversation at (a search result): /chat/<id>?at=<sequence>.
  const at = useQueryParam("at");
  if (path.startsWith("/notifications")) {
    return <NotificationsView feed={feed} />;
  }
  if (path.startsWith("/chat")) {
    const conversationId = path.split("/")[2] || null;
    return <ChatView conversationId={conversationId} at={at} />;
  }
  if (path.startsWith("/admin")) {
    // Others find no admin area at all, as at any unknown address (the services refuse their calls anyway).
    return isAdmin(api.session.accessToken) ? <AdminView /> : <NotFound />;
  }
  if (path === "/me/profile") {
    return <ProfileView userId={null} />;
  }
  if (path.startsWith("/people/")) {
    return <ProfileView key={path} userId={decodeURIComponent(path.split("/")[2] ?? "")} />;
  }
  if (path.startsWith("/people")) {
    return <PeopleView />;
  }
  if (path.startsWith("/groups")) {
    return <GroupsView />;
  }
  if (path.startsWith("/channels")) {
    return <ChannelsView />;
  }
  if (path.startsWith("/classes/")) {
    return <ClassPage key={path} sectionId={decodeURIComponent(path.split("/")[2] ?? "")} />;
  }
  if (path.startsWith("/courses")) {
    return <CoursesView />;
  }
  return <HomeView />;
}

function NotFound() {
  return (
    <section className="stack">
      <h1>Page not found</h1>
      <p>There is nothing at this address. <Link to="/">Back home</Link></p>
    </section>
  );
}

function Me({ api }: { api: Api }) {
  const user = api.session.current!.user;
  const [leaving, setLeaving] = useState(false);
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
      <span title={user.email}><Person userId={user.userId} plain /></span>
      <Link to="/me/profile">My profile</Link>
      <button onClick={signOut} disabled={leaving}>{leaving ? "Signing out…" : "Sign out"}</button>
    </div>
  );
}
