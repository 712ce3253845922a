import type { UnaryRequest, UnaryResponse } from "@connectrpc/connect";
import { describe, expect, it, vi } from "vitest";
import { fetchWithCredentials, REFRESH_COOKIE_HEADER, refreshCookieInterceptor } from "./refreshCookie";

describe("refresh cookie", () => {
  it("asks every call for the refresh token in the cookie", async () => {
    const next = vi.fn(async (_req: UnaryRequest) => ({}) as UnaryResponse);
    const req = { stream: false, header: new Headers() } as unknown as UnaryRequest;

    await refreshCookieInterceptor()(next as never)(req);

    expect(next.mock.calls[0][0].header.get(REFRESH_COOKIE_HEADER)).toBe("cookie");
  });

  it("lets the browser send and accept the cookie on calls to the gateway", async () => {
    const base = vi.fn(async () => new Response());

    await fetchWithCredentials(base as never)("https://api.cohort.dev/x", { method: "POST" });

    expect(base).toHaveBeenCalledWith("https://api.cohort.dev/x", { method: "POST", credentials: "include" });
  });
});
