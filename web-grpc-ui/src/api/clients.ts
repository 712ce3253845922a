import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { authInterceptor } from "../auth/interceptor";
import { AuthSession } from "../auth/session";
import { ChatService } from "../gen/cohort/chat/v1/chat_pb";
import { CourseService } from "../gen/cohort/course/v1/course_pb";
import { GroupService } from "../gen/cohort/group/v1/group_pb";
import { IdentityService } from "../gen/cohort/identity/v1/identity_pb";

export type IdentityClient = Client<typeof IdentityService>;
export type CourseClient = Client<typeof CourseService>;
export type GroupClient = Client<typeof GroupService>;
export type ChatClient = Client<typeof ChatService>;

/** The clients the app uses; all but `publicIdentity` send the session's access token. */
export interface Api {
  session: AuthSession;
  /** Register, Login, Refresh: calls without a token. */
  publicIdentity: IdentityClient;
  identity: IdentityClient;
  course: CourseClient;
  group: GroupClient;
  chat: ChatClient;
}

/**
 * gRPC-Web (binary) to `baseUrl`: in the browser, the page's own origin, where the gateway (or the dev server's
 * proxy to it) serves both the app and the API.
 */
export function createApi(baseUrl: string, storage: Storage | null): Api {
  const plain: Transport = createGrpcWebTransport({ baseUrl, useBinaryFormat: true });
  const publicIdentity = createClient(IdentityService, plain);
  const session = new AuthSession(storage, async (refreshToken) => {
    const { tokens } = await publicIdentity.refresh({ refreshToken });
    if (!tokens) {
      throw new Error("Refresh answered without tokens");
    }
    return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
  });
  const authed = createGrpcWebTransport({ baseUrl, useBinaryFormat: true, interceptors: [authInterceptor(session)] });
  return {
    session,
    publicIdentity,
    identity: createClient(IdentityService, authed),
    course: createClient(CourseService, authed),
    group: createClient(GroupService, authed),
    chat: createClient(ChatService, authed),
  };
}
