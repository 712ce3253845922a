import type { Interceptor } from "@connectrpc/connect";

/** The request header by which the app asks identity to keep its refresh token in the cookie (ADR 23). */
export const REFRESH_COOKIE_HEADER = "cohort-refresh-token";

/**
 * Asks, on every call, for the refresh token to travel in the HttpOnly cookie instead of answers' bodies: Login
 * and Refresh then set the cookie and leave the token out of the body, Logout clears it. Other RPCs ignore the
 * header.
 */
export function refreshCookieInterceptor(): Interceptor {
  return (next) => (req) => {
    req.header.set(REFRESH_COOKIE_HEADER, "cookie");
    return next(req);
  };
}

/**
 * `fetch` that sends and accepts cookies on calls to the gateway, also when the app is served from another
 * cohort.dev origin than the API (the gateway allows credentials for its CORS origins). Cookies that are
 * SameSite=Strict still never leave a cross-site request.
 */
export function fetchWithCredentials(base: typeof globalThis.fetch = globalThis.fetch): typeof globalThis.fetch {
  return (input, init) => base(input, { ...init, credentials: "include" });
}
