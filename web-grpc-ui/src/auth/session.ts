import { Code, ConnectError } from "@connectrpc/connect";

/** Who is signed in, as shown in the app. */
export interface SignedInUser {
  userId: string;
  email: string;
  displayName: string;
}

export interface SessionData {
  user: SignedInUser;
  /** The access token: in memory only, gone with the page. */
  accessToken: string;
}

/**
 * Exchanges the refresh token for a new access token (IdentityService.Refresh). The refresh token itself never
 * reaches the app: the browser keeps it in an HttpOnly cookie of the Refresh route and sends it along; identity
 * rotates it there (ADR 23).
 */
export type RefreshAccess = () => Promise<string>;

/** The account an access token belongs to (IdentityService.GetMe), for restoring a session after a reload. */
export type LoadUser = (accessToken: string) => Promise<SignedInUser>;

/** Why the session ended, for the sign-in screen. */
export type SignOutReason = "signed-out" | "expired";

/** Codes with which Refresh says there is no usable refresh token (none, expired, revoked): signed out. */
const REFRESH_REFUSED = new Set([
  Code.Unauthenticated,
  Code.PermissionDenied,
  Code.InvalidArgument,
  Code.NotFound,
  Code.FailedPrecondition,
]);

/**
 * The signed-in session. The access token lives in memory only; a reload (or a new tab) restores the sign-in
 * with one Refresh, which the refresh-token cookie authorises. No token is ever written to storage a script could
 * read. Refreshes happen one at a time: identity rotates refresh tokens and treats a reused one as stolen (it
 * revokes the whole sign-in), so concurrent callers share one Refresh call.
 */
export class AuthSession {
  private data: SessionData | null = null;
  private endedBecause: SignOutReason | null = null;
  private refreshing: Promise<string | null> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly refreshAccess: RefreshAccess) {}

  /** The current session, or null when signed out. Same object until it changes (for useSyncExternalStore). */
  get current(): SessionData | null {
    return this.data;
  }

  get accessToken(): string | null {
    return this.data?.accessToken ?? null;
  }

  /** Why the last session ended (null while signed in or before any sign-in). */
  get signOutReason(): SignOutReason | null {
    return this.endedBecause;
  }

  signIn(user: SignedInUser, accessToken: string): void {
    this.endedBecause = null;
    this.set({ user, accessToken });
  }

  /** Ends the session in the app (the caller tells identity first, which also clears the cookie). */
  signOut(reason: SignOutReason = "signed-out"): void {
    if (this.data) {
      this.endedBecause = reason;
    }
    this.set(null);
  }

  /**
   * After a reload: signs in again if the browser still holds a valid refresh cookie. Resolves to whether it did;
   * a missing or refused cookie just leaves the app signed out, and so does an unreachable gateway (the user can
   * sign in by hand).
   */
  async restore(loadUser: LoadUser): Promise<boolean> {
    let accessToken: string;
    try {
      accessToken = await this.refreshAccess();
    } catch {
      return false;
    }
    if (this.data) {
      // Signed in by hand while the restore was on its way: keep that.
      return true;
    }
    const user = await loadUser(accessToken).catch(() => null);
    if (!user || this.data) {
      return this.data !== null;
    }
    this.signIn(user, accessToken);
    return true;
  }

  /** Called on every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A new access token after a call presenting `staleToken` was refused as UNAUTHENTICATED. If the session has
   * moved on since (another call refreshed already), the current token is returned without a call; if a refresh
   * is under way, its result is shared. Resolves to the new access token, or null when the sign-in is over (the
   * session is then signed out). A refresh that fails for another reason (network, server) rejects and keeps the
   * session.
   */
  refreshAfter(staleToken: string): Promise<string | null> {
    const data = this.data;
    if (!data) {
      return Promise.resolve(null);
    }
    if (data.accessToken !== staleToken) {
      return Promise.resolve(data.accessToken);
    }
    if (!this.refreshing) {
      this.refreshing = this.refresh(data).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async refresh(data: SessionData): Promise<string | null> {
    let accessToken: string;
    try {
      accessToken = await this.refreshAccess();
    } catch (failure) {
      if (failure instanceof ConnectError && REFRESH_REFUSED.has(failure.code)) {
        if (this.data === data) {
          this.signOut("expired");
        }
        return null;
      }
      throw failure;
    }
    if (this.data !== data) {
      // Signed out (or in as someone else) while the refresh was on its way: keep what is there now.
      return this.data?.accessToken ?? null;
    }
    this.set({ user: data.user, accessToken });
    return accessToken;
  }

  private set(data: SessionData | null): void {
    this.data = data;
    for (const listener of [...this.listeners]) {
      listener();
    }
  }
}
