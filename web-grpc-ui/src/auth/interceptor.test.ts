import { Code, ConnectError, type UnaryRequest, type UnaryResponse } from "@connectrpc/connect";
import { describe, expect, it, vi } from "vitest";
import { authInterceptor } from "./interceptor";
import { settled } from "../chat/testing";
import { AuthSession } from "./session";

const user = { userId: "7b1c3d1e-0000-4000-8000-000000000001", email: "ada@cohort.local", displayName: "Ada" };

function request(stream = false): UnaryRequest {
  return { stream, header: new Headers(), url: "http://localhost/cohort.course.v1.CourseService/ListTerms" } as unknown as UnaryRequest;
}

const ok = { stream: false, message: {} } as unknown as UnaryResponse;

function signedIn(refresh: () => Promise<string>) {
  const session = new AuthSession(refresh);
  session.signIn(user, "a1");
  return session;
}

describe("authInterceptor", () => {
  it("sends the access token as a bearer token", async () => {
    const session = signedIn(vi.fn());
    const next = vi.fn(async (_req: UnaryRequest) => ok);

    await authInterceptor(session)(next as never)(request());

    expect(next.mock.calls[0][0].header.get("authorization")).toBe("Bearer a1");
  });

  it("refreshes once on UNAUTHENTICATED and retries with the new token", async () => {
    const refresh = vi.fn(async () => "a2");
    const session = signedIn(refresh);
    const seen: (string | null)[] = [];
    const next = vi.fn(async (req: UnaryRequest) => {
      seen.push(req.header.get("authorization"));
      if (seen.length === 1) {
        throw new ConnectError("token expired", Code.Unauthenticated);
      }
      return ok;
    });

    await expect(authInterceptor(session)(next as never)(request())).resolves.toBe(ok);

    expect(seen).toEqual(["Bearer a1", "Bearer a2"]);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("gives up after one retry", async () => {
    const refresh = vi.fn(async () => "a2");
    const session = signedIn(refresh);
    const next = vi.fn(async () => {
      throw new ConnectError("still not", Code.Unauthenticated);
    });

    await expect(authInterceptor(session)(next as never)(request())).rejects.toMatchObject({ code: Code.Unauthenticated });
    expect(next).toHaveBeenCalledTimes(2);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("passes other errors through without refreshing", async () => {
    const refresh = vi.fn();
    const session = signedIn(refresh);
    const next = vi.fn(async () => {
      throw new ConnectError("no seats", Code.FailedPrecondition);
    });

    await expect(authInterceptor(session)(next as never)(request())).rejects.toMatchObject({ code: Code.FailedPrecondition });
    expect(next).toHaveBeenCalledTimes(1);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("reports the original error when the sign-in is over", async () => {
    const session = signedIn(vi.fn(async () => {
      throw new ConnectError("refresh token reused", Code.Unauthenticated);
    }));
    const next = vi.fn(async () => {
      throw new ConnectError("token expired", Code.Unauthenticated);
    });

    await expect(authInterceptor(session)(next as never)(request())).rejects.toThrow("token expired");
    expect(next).toHaveBeenCalledTimes(1);
    expect(session.current).toBeNull();
  });

  it("lets concurrent refused calls share one refresh", async () => {
    let release!: () => void;
    const refresh = vi.fn(() => new Promise<string>((resolve) => {
      release = () => resolve("a2");
    }));
    const session = signedIn(refresh);
    const next = vi.fn(async (req: UnaryRequest) => {
      if (req.header.get("authorization") === "Bearer a1") {
        throw new ConnectError("token expired", Code.Unauthenticated);
      }
      return ok;
    });
    const intercepted = authInterceptor(session)(next as never);

    const calls = [intercepted(request()), intercepted(request()), intercepted(request())];
    await settled();
    // All three were refused with the old token before the one refresh answered.
    expect(next).toHaveBeenCalledTimes(3);
    expect(refresh).toHaveBeenCalledTimes(1);
    release();

    await expect(Promise.all(calls)).resolves.toEqual([ok, ok, ok]);
    expect(next).toHaveBeenCalledTimes(6);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("does not retry streams (their request cannot be replayed)", async () => {
    const refresh = vi.fn();
    const session = signedIn(refresh);
    const next = vi.fn(async () => {
      throw new ConnectError("token expired", Code.Unauthenticated);
    });

    await expect(authInterceptor(session)(next as never)(request(true))).rejects.toMatchObject({ code: Code.Unauthenticated });
    expect(next).toHaveBeenCalledTimes(1);
    expect(refresh).not.toHaveBeenCalled();
  });
});
