import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it, vi } from "vitest";
import { AuthSession, type KeyValueStore, type Tokens } from "./session";

const user = { userId: "7b1c3d1e-0000-4000-8000-000000000001", email: "ada@cohort.local", displayName: "Ada" };

function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** A Refresh call that the test answers when it wants. */
function heldRefresh() {
  const calls: { refreshToken: string; resolve: (tokens: Tokens) => void; reject: (error: unknown) => void }[] = [];
  const refresh = vi.fn(
    (refreshToken: string) => new Promise<Tokens>((resolve, reject) => calls.push({ refreshToken, resolve, reject })),
  );
  return { refresh, calls };
}

describe("AuthSession", () => {
  it("keeps the sign-in in storage and reads it back", () => {
    const store = memoryStore();
    const first = new AuthSession(store, vi.fn());
    first.signIn(user, { accessToken: "a1", refreshToken: "r1" });

    const reloaded = new AuthSession(store, vi.fn());
    expect(reloaded.current).toEqual({ user, tokens: { accessToken: "a1", refreshToken: "r1" } });

    reloaded.signOut();
    expect(store.map.size).toBe(0);
    expect(reloaded.signOutReason).toBe("signed-out");
  });

  it("ignores what it cannot read from storage", () => {
    const store = memoryStore();
    store.setItem("cohort.session", "{not json");
    expect(new AuthSession(store, vi.fn()).current).toBeNull();
    expect(store.map.size).toBe(0);
  });

  it("shares one Refresh among concurrent callers and stores the rotated tokens", async () => {
    const store = memoryStore();
    const { refresh, calls } = heldRefresh();
    const session = new AuthSession(store, refresh);
    session.signIn(user, { accessToken: "a1", refreshToken: "r1" });

    const first = session.refreshAfter("a1");
    const second = session.refreshAfter("a1");
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(calls[0].refreshToken).toBe("r1");

    calls[0].resolve({ accessToken: "a2", refreshToken: "r2" });
    await expect(first).resolves.toBe("a2");
    await expect(second).resolves.toBe("a2");
    expect(session.current?.tokens).toEqual({ accessToken: "a2", refreshToken: "r2" });
    expect(JSON.parse(store.map.get("cohort.session")!).tokens.refreshToken).toBe("r2");
  });

  it("does not refresh for a token that was already replaced", async () => {
    const { refresh } = heldRefresh();
    const session = new AuthSession(null, refresh);
    session.signIn(user, { accessToken: "a2", refreshToken: "r2" });

    await expect(session.refreshAfter("a1")).resolves.toBe("a2");
    expect(refresh).not.toHaveBeenCalled();
  });

  it("signs out when identity refuses the refresh token", async () => {
    const { refresh, calls } = heldRefresh();
    const session = new AuthSession(null, refresh);
    session.signIn(user, { accessToken: "a1", refreshToken: "r1" });
    const changes = vi.fn();
    session.subscribe(changes);

    const result = session.refreshAfter("a1");
    calls[0].reject(new ConnectError("refresh token revoked", Code.Unauthenticated));

    await expect(result).resolves.toBeNull();
    expect(session.current).toBeNull();
    expect(session.signOutReason).toBe("expired");
    expect(changes).toHaveBeenCalledTimes(1);
  });

  it("keeps the session when the refresh fails on the way (and lets a later call try again)", async () => {
    const { refresh, calls } = heldRefresh();
    const session = new AuthSession(null, refresh);
    session.signIn(user, { accessToken: "a1", refreshToken: "r1" });

    const failed = session.refreshAfter("a1");
    calls[0].reject(new ConnectError("upstream connect error", Code.Unavailable));
    await expect(failed).rejects.toMatchObject({ code: Code.Unavailable });
    expect(session.accessToken).toBe("a1");

    const retried = session.refreshAfter("a1");
    expect(refresh).toHaveBeenCalledTimes(2);
    calls[1].resolve({ accessToken: "a2", refreshToken: "r2" });
    await expect(retried).resolves.toBe("a2");
  });

  it("drops a refresh answer that arrives after sign-out", async () => {
    const { refresh, calls } = heldRefresh();
    const session = new AuthSession(null, refresh);
    session.signIn(user, { accessToken: "a1", refreshToken: "r1" });

    const result = session.refreshAfter("a1");
    session.signOut();
    calls[0].resolve({ accessToken: "a2", refreshToken: "r2" });

    await expect(result).resolves.toBeNull();
    expect(session.current).toBeNull();
  });
});
