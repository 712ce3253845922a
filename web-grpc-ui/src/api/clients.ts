import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { authInterceptor } from "../auth/interceptor";
import { fetchWithCredentials, refreshCookieInterceptor } from "../auth/refreshCookie";
import { AuthSession } from "../auth/session";
import { ChatService } from "../gen/cohort/chat/v1/chat_pb";
import { CourseService } from "../gen/cohort/course/v1/course_pb";
import { GroupService } from "../gen/cohort/group/v1/group_pb";
import { IdentityService } from "../gen/cohort/identity/v1/identity_pb";
import { ModerationService } from "../gen/cohort/moderation/v1/moderation_pb";
import { NotificationService } from "../gen/cohort/notification/v1/notification_pb";
import { ProfileService } from "../gen/cohort/profile/v1/profile_pb";
import { SearchService } from "../gen/cohort/search/v1/search_pb";

export type IdentityClient = Client<typeof IdentityService>;
export type CourseClient = Client<typeof CourseService>;
export type GroupClient = Client<typeof GroupService>;
export type ChatClient = Client<typeof ChatService>;
export type ProfileClient = Client<typeof ProfileService>;
export type NotificationClient = Client<typeof NotificationService>;
export type SearchClient = Client<typeof SearchService>;
export type ModerationClient = Client<typeof ModerationService>;

/** The clients the app uses; all but `publicIdentity` send the session's access token. */
export interface Api {
  session: AuthSession;
  /** Register, Login, Refresh: calls without a token. */
  publicIdentity: IdentityClient;
  identity: IdentityClient;
  course: CourseClient;
  group: GroupClient;
  chat: ChatClient;
  profile: ProfileClient;
  notification: NotificationClient;
  search: SearchClient;
  /** Reports (any member), the reports queue, the audit log (admins). */
  moderation: ModerationClient;
  /** After a reload: signs in again with the refresh cookie, if the browser holds a valid one. */
  restoreSession(): Promise<boolean>;
}

/**
 * gRPC-Web (binary) to `baseUrl`: in the browser, the page's own origin, where the gateway (or the dev server's
 * proxy to it) serves both the app and the API. The refresh token stays in the browser's HttpOnly cookie
 * (ADR 23); `fetch` is the browser's unless given (tests outside a browser bring one with a cookie jar).
 */
export function createApi(baseUrl: string, fetch?: typeof globalThis.fetch): Api {
  const common = {
    baseUrl,
    useBinaryFormat: true,
    fetch: fetchWithCredentials(fetch ?? ((input, init) => globalThis.fetch(input, init))),
  };
  const plain: Transport = createGrpcWebTransport({ ...common, interceptors: [refreshCookieInterceptor()] });
  const publicIdentity = createClient(IdentityService, plain);
  const session = new AuthSession(async () => {
    // No token in the body: identity takes it from the cookie the browser sends with this call.
    const { tokens } = await publicIdentity.refresh({});
    if (!tokens) {
      throw new Error("Refresh answered without tokens");
    }
    return tokens.accessToken;
  });
  const authed = createGrpcWebTransport({
    ...common,
    interceptors: [refreshCookieInterceptor(), authInterceptor(session)],
  });
  const identity = createClient(IdentityService, authed);
  return {
    session,
    publicIdentity,
    identity,
    course: createClient(CourseService, authed),
    group: createClient(GroupService, authed),
    chat: createClient(ChatService, authed),
    profile: createClient(ProfileService, authed),
    notification: createClient(NotificationService, authed),
    search: createClient(SearchService, authed),
    moderation: createClient(ModerationService, authed),
    restoreSession: () =>
      session.restore(async (accessToken) => {
        const { user } = await identity.getMe({}, { headers: { authorization: `Bearer ${accessToken}` } });
        if (!user) {
          throw new Error("GetMe answered without a user");
        }
        return { userId: user.userId, email: user.email, displayName: user.displayName };
      }),
  };
}
