import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { AuthSession } from "./session";

/**
 * Puts `authorization: Bearer <access token>` on every call. A unary call refused as UNAUTHENTICATED (the access
 * token expired) is retried once with refreshed tokens; a second refusal reaches the caller. Streams are not
 * retried here (their request cannot be replayed): the live feed refreshes and reconnects by itself.
 */
export function authInterceptor(session: AuthSession): Interceptor {
  return (next) => async (req) => {
    const token = session.accessToken;
    if (token) {
      req.header.set("authorization", `Bearer ${token}`);
    }
    if (req.stream || !token) {
      return next(req);
    }
    try {
      return await next(req);
    } catch (failure) {
      if (!(failure instanceof ConnectError) || failure.code !== Code.Unauthenticated) {
        throw failure;
      }
      const fresh = await session.refreshAfter(token);
      if (!fresh) {
        throw failure;
      }
      req.header.set("authorization", `Bearer ${fresh}`);
      return await next(req);
    }
  };
}
