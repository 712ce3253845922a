import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it, vi } from "vitest";
import { AuthSession } from "./session";

const user = { userId: "7b1c3d1e-0000-4000-8000-000000000001", email: "ada@cohort.local", displayName: "Ada" };

/** A Refresh call (with the browser's cookie) that the test answers when it wants. */
function heldRefresh() {
  const calls: { resolve: (accessToken: string) => void; reject: (error: unknown) => void }[] = [];
  const refresh = vi.fn(() => new Promise<string>((resolve, reject) => calls.push({ resolve, reject })));
  return { refresh, calls };
}

describe("AuthSession", () => {
  it("keeps tokens in memory only: nothing is written to the page's storage", () => {
    const storage = () => ({ setItem: vi.fn(), getItem: vi.fn(() => null), removeItem: vi.fn() });
    const session = storage();
    const local = storage();
    vi.stubGlobal("sessionStorage", session);
    vi.stubGlobal("localStorage", local);
    try {
      const auth = new AuthSession(vi.fn());
      auth.signIn(user, "a1");
      auth.signOut();
      auth.signIn(user, "a2");

      expect(auth.current).toEqual({ user, accessToken: "a2" });
      for (const spy of [session.setItem, session.getItem, local.setItem, local.getItem]) {
        expect(spy).not.toHaveBeenCalled();
      }
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("restores a sign-in after a reload through the refresh cookie", async () => {
    const refresh = vi.fn(async () => "a9");
    const loadUser = vi.fn(async () => user);
    const reloaded = new AuthSession(refresh);

    await expect(reloaded.restore(loadUser)).resolves.toBe(true);

    expect(loadUser).toHaveBeenCalledWith("a9");
    expect(reloaded.current).toEqual({ user, accessToken: "a9" });
    expect(reloaded.signOutReason).toBeNull();
  });

  it("stays signed out after a reload without a usable cookie", async () => {
    const loadUser = vi.fn();
    const reloaded = new AuthSession(async () => {
      throw new ConnectError("no refresh token", Code.InvalidArgument);
    });

    await expect(reloaded.restore(loadUser)).resolves.toBe(false);

    expect(reloaded.current).toBeNull();
    expect(loadUser).not.toHaveBeenCalled();
    expect(reloaded.signOutReason).toBeNull();
  });

  it("keeps a sign-in made by hand while the restore was on its way", async () => {
    const { refresh, calls } = heldRefresh();
    const session = new AuthSession(refresh);
    const restoring = session.restore(vi.fn(async () => ({ ...user, userId: "someone-else" })));

    session.signIn(user, "a1");
    calls[0].resolve("a9");

    await expect(restoring).resolves.toBe(true);
    expect(session.current).toEqual({ user, accessToken: "a1" });
  });

  it("shares one Refresh among concurrent callers", async () => {
    const { refresh, calls } = heldRefresh();
    const session = new AuthSession(refresh);
    session.signIn(user, "a1");

    const first = session.refreshAfter("a1");
    const second = session.refreshAfter("a1");
    expect(refresh).toHaveBeenCalledTimes(1);

    calls[0].resolve("a2");
    await expect(first).resolves.toBe("a2");
    await expect(second).resolves.toBe("a2");
    expect(session.current).toEqual({ user, accessToken: "a2" });
  });

  it("does not refresh for a token that was already replaced", async () => {
    const { refresh } = heldRefresh();
    const session = new AuthSession(refresh);
    session.signIn(user, "a2");

    await expect(session.refreshAfter("a1")).resolves.toBe("a2");
    expect(refresh).not.toHaveBeenCalled();
  });

  it("signs out when identity refuses the refresh cookie", async () => {
    const { refresh, calls } = heldRefresh();
    const session = new AuthSession(refresh);
    session.signIn(user, "a1");
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
    const session = new AuthSession(refresh);
    session.signIn(user, "a1");

    const failed = session.refreshAfter("a1");
    calls[0].reject(new ConnectError("upstream connect error", Code.Unavailable));
    await expect(failed).rejects.toMatchObject({ code: Code.Unavailable });
    expect(session.accessToken).toBe("a1");

    const retried = session.refreshAfter("a1");
    expect(refresh).toHaveBeenCalledTimes(2);
    calls[1].resolve("a2");
    await expect(retried).resolves.toBe("a2");
  });

  it("drops a refresh answer that arrives after sign-out", async () => {
    const { refresh, calls } = heldRefresh();
    const session = new AuthSession(refresh);
    session.signIn(user, "a1");

    const result = session.refreshAfter("a1");
    session.signOut();
    calls[0].resolve("a2");

    await expect(result).resolves.toBeNull();
    expect(session.current).toBeNull();
  });
});
