import { Code, ConnectError } from "@connectrpc/connect";

/** The tokens of one sign-in. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Who is signed in, as shown in the app. */
export interface SignedInUser {
  userId: string;
  email: string;
  displayName: string;
}

export interface SessionData {
  user: SignedInUser;
  tokens: Tokens;
}

/** The part of Storage the session uses (sessionStorage in the browser, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Exchanges a refresh token for new tokens (IdentityService.Refresh). */
export type RefreshTokens = (refreshToken: string) => Promise<Tokens>;

/** Why the session ended, for the sign-in screen. */
export type SignOutReason = "signed-out" | "expired";

const STORAGE_KEY = "cohort.session";

/** Codes with which Refresh says the refresh token is no good: the sign-in is over. */
const REFRESH_REFUSED = new Set([
  Code.Unauthenticated,
  Code.PermissionDenied,
  Code.InvalidArgument,
  Code.NotFound,
  Code.FailedPrecondition,
]);

/**
 * The signed-in session: tokens in memory, mirrored to sessionStorage so a reload keeps the sign-in (and a new
 * tab does not). Refreshes happen one at a time: identity rotates refresh tokens and treats a reused one as
 * stolen (it revokes the whole sign-in), so concurrent callers share one Refresh call.
 */
export class AuthSession {
  private data: SessionData | null;
  private endedBecause: SignOutReason | null = null;
  private refreshing: Promise<string | null> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: KeyValueStore | null,
    private readonly refreshTokens: RefreshTokens,
  ) {
    this.data = AuthSession.load(store);
  }

  private static load(store: KeyValueStore | null): SessionData | null {
    const raw = store?.getItem(STORAGE_KEY);
    if (!raw) {
      return null;
    }
    try {
      const parsed = JSON.parse(raw) as SessionData;
      if (parsed?.tokens?.accessToken && parsed.tokens.refreshToken && parsed.user?.userId) {
        return parsed;
      }
    } catch {
      // unreadable: start signed out
    }
    store?.removeItem(STORAGE_KEY);
    return null;
  }

  /** The current session, or null when signed out. Same object until it changes (for useSyncExternalStore). */
  get current(): SessionData | null {
    return this.data;
  }

  get accessToken(): string | null {
    return this.data?.tokens.accessToken ?? null;
  }

  /** Why the last session ended (null while signed in or before any sign-in). */
  get signOutReason(): SignOutReason | null {
    return this.endedBecause;
  }

  signIn(user: SignedInUser, tokens: Tokens): void {
    this.endedBecause = null;
    this.set({ user, tokens });
  }

  signOut(reason: SignOutReason = "signed-out"): void {
    if (this.data) {
      this.endedBecause = reason;
    }
    this.set(null);
  }

  /** Called on every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * New tokens after a call presenting `staleToken` was refused as UNAUTHENTICATED. If the session has moved on
   * since (another call refreshed already), the current token is returned without a call; if a refresh is under
   * way, its result is shared. Resolves to the new access token, or null when the sign-in is over (the session
   * is then signed out). A refresh that fails for another reason (network, server) rejects and keeps the session.
   */
  refreshAfter(staleToken: string): Promise<string | null> {
    const data = this.data;
    if (!data) {
      return Promise.resolve(null);
    }
    if (data.tokens.accessToken !== staleToken) {
      return Promise.resolve(data.tokens.accessToken);
    }
    if (!this.refreshing) {
      this.refreshing = this.refresh(data).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async refresh(data: SessionData): Promise<string | null> {
    let tokens: Tokens;
    try {
      tokens = await this.refreshTokens(data.tokens.refreshToken);
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
      return this.data?.tokens.accessToken ?? null;
    }
    this.set({ user: data.user, tokens });
    return tokens.accessToken;
  }

  private set(data: SessionData | null): void {
    this.data = data;
    if (data) {
      this.store?.setItem(STORAGE_KEY, JSON.stringify(data));
    } else {
      this.store?.removeItem(STORAGE_KEY);
    }
    for (const listener of [...this.listeners]) {
      listener();
    }
  }
}
