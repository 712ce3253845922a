// Against a running gateway (identity and chat behind it): COHORT_E2E_GATEWAY=http://localhost:8080 npm run test:e2e.
// The build runs it from contract-tests, against the stack that module starts; the unit tests (npm test) need no
// backend.
import { describe, expect, it } from "vitest";
import { createApi, type Api } from "./api/clients";
import { describeError } from "./api/errors";
import { ChatController } from "./chat/controller";

const gateway = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.COHORT_E2E_GATEWAY;
if (!gateway) {
  throw new Error("set COHORT_E2E_GATEWAY to the gateway's URL, e.g. http://localhost:8080");
}

/**
 * What a browser does with cookies, for one user, as much as these tests need: keeps what Set-Cookie says (a
 * Max-Age of 0 deletes) and sends each cookie only to requests under its Path. Node's fetch has no cookie jar.
 */
class CookieJar {
  readonly cookies = new Map<string, { value: string; path: string }>();

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    const sent = [...this.cookies.entries()].filter(([, c]) => url.pathname.startsWith(c.path));
    if (sent.length > 0) {
      headers.set("cookie", sent.map(([key, c]) => `${key.split("|")[0]}=${c.value}`).join("; "));
    }
    const response = await globalThis.fetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
      const path = attributes.find((a) => a.startsWith("Path="))?.slice(5) ?? "/";
      if (attributes.includes("Max-Age=0")) {
        this.cookies.delete(`${name}|${path}`);
      } else {
        this.cookies.set(`${name}|${path}`, { value, path });
      }
    }
    return response;
  };

  /** The refresh cookie's value, or undefined when there is none. */
  refreshToken(): string | undefined {
    return [...this.cookies.entries()].find(([key]) => key.startsWith("cohort_refresh|"))?.[1].value;
  }
}

async function signUp(name: string, jar = new CookieJar()): Promise<Api & { jar: CookieJar }> {
  const api = createApi(gateway!, jar.fetch);
  const email = `${name}-${crypto.randomUUID().slice(0, 8)}@e2e.cohort.local`;
  const password = `e2e ${crypto.randomUUID()}`;
  await api.publicIdentity.register({ email, password, displayName: name });
  const { user, tokens } = await api.publicIdentity.login({ email, password });
  expect(tokens!.refreshToken).toBe("");
  expect(jar.refreshToken()).toBeTruthy();
  api.session.signIn({ userId: user!.userId, email, displayName: name }, tokens!.accessToken);
  return { ...api, jar };
}

/**
 * Chat learns of new users from identity's registration events, a moment after sign-up: until then adding them
 * answers INVALID_ARGUMENT (UNKNOWN_USER). Retries {@code call} while it does, for up to {@code ms}.
 */
async function onceChatKnows<T>(call: () => Promise<T>, ms = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const unknown = describeError(error).reason === "UNKNOWN_USER";
      if (!unknown || Date.now() - started > ms) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function waitFor(check: () => boolean, what: string | (() => string), ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (check()) {
        resolve();
      } else if (Date.now() - started > ms) {
        reject(new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`));
      } else {
        setTimeout(poll, 50);
      }
    };
    poll();
  });
}

describe("against the gateway", () => {
  it("keeps the refresh token in the cookie: a reload signs in again, sign-out clears it", async () => {
    const ada = await signUp("Ada");
    const userId = ada.session.current!.user.userId;

    // A reload: a new app with nothing in memory, the same browser (cookie jar).
    const reloaded = createApi(gateway!, ada.jar.fetch);
    await expect(reloaded.restoreSession()).resolves.toBe(true);
    expect(reloaded.session.current!.user.userId).toBe(userId);

    await reloaded.identity.logout({});
    reloaded.session.signOut();
    expect(ada.jar.refreshToken()).toBeUndefined();
    await expect(createApi(gateway!, ada.jar.fetch).restoreSession()).resolves.toBe(false);
  }, 30_000);

  it("shows the google.rpc details of a refusal", async () => {
    const api = createApi(gateway!);
    const failure = await api.publicIdentity.register({ email: "not-an-email", password: "short", displayName: "X" })
      .then(() => null, (error: unknown) => error);
    const view = describeError(failure);
    expect(view.code).toBe("INVALID_ARGUMENT");
    expect(view.fieldViolations.map((v) => v.field)).toEqual(expect.arrayContaining(["email", "password"]));
  });

  it("signs in, opens a direct conversation and delivers a message live", async () => {
    const ada = await signUp("Ada");
    const grace = await signUp("Grace");
    const me = await ada.identity.getMe({});
    expect(me.user?.displayName).toBe("Ada");

    const adaChat = new ChatController(ada.chat, ada.session.current!.user.userId, { refreshAuth: async () => false });
    const graceChat = new ChatController(grace.chat, grace.session.current!.user.userId, { refreshAuth: async () => false });
    try {
      // Direct messages are open to classmates by default (people sharing a conversation): they meet in a public
      // channel first, which Grace joins herself once chat has applied her registration.
      const meeting = await ada.chat.createChannel({ name: `e2e meeting ${Date.now()}` });
      await onceChatKnows(() => grace.chat.joinChannel({ conversationId: meeting.conversation!.conversationId }));
      const direct = await onceChatKnows(() => adaChat.openDirect([grace.session.current!.user.userId]));
      await graceChat.start();
      // Grace follows from sequence 0: she gets the message live or, if her stream starts later, replayed.
      await graceChat.open(direct.conversationId);

      await adaChat.open(direct.conversationId);
      await adaChat.send(direct.conversationId, "hello over gRPC-Web");
      const sent = adaChat.getSnapshot().timelines.get(direct.conversationId)!.timeline;
      expect(sent.pending).toEqual([]);
      expect(sent.messages.map((m) => m.text)).toEqual(["hello over gRPC-Web"]);

      await waitFor(() => (graceChat.getSnapshot().timelines.get(direct.conversationId)?.timeline.messages.length ?? 0) === 1,
        "the message on Grace's stream");
      const summary = graceChat.conversation(direct.conversationId)!;
      expect(summary.unreadCount).toBe(1n);
      await graceChat.markRead(direct.conversationId);
      expect(graceChat.conversation(direct.conversationId)!.unreadCount).toBe(0n);

      // An access token the edge refuses: the call is retried once with a token refreshed through the cookie.
      const { user } = ada.session.current!;
      const cookieBefore = ada.jar.refreshToken();
      ada.session.signIn(user, "expired.or.forged");
      expect((await ada.identity.getMe({})).user?.userId).toBe(user.userId);
      expect(ada.session.accessToken).not.toBe("expired.or.forged");
      expect(ada.jar.refreshToken()).not.toBe(cookieBefore);

      await ada.chat.sendTyping({ conversationId: direct.conversationId, typing: true });
      await waitFor(() => graceChat.getSnapshot().typing.get(direct.conversationId)?.has(ada.session.current!.user.userId) ?? false,
        "Ada typing on Grace's stream");
    } finally {
      adaChat.dispose();
      graceChat.dispose();
    }
  }, 30_000);
});
