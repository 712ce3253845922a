// A fake ModerationService for the moderation tests (only *.test.tsx import it): createRouterTransport serves it in
// memory, through the same client code and message encoding the app uses.
import { Code, ConnectError, createClient, createRouterTransport, type ServiceImpl } from "@connectrpc/connect";
import { ModerationService } from "../gen/cohort/moderation/v1/moderation_pb";
import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from "../gen/google/rpc/error_details_pb";

export function fakeModeration(impl: Partial<ServiceImpl<typeof ModerationService>>) {
  return createClient(ModerationService, createRouterTransport(({ service }) => service(ModerationService, impl)));
}

/** INVALID_ARGUMENT as the services send it: ErrorInfo and one BadRequest field violation. */
export function badRequest(field: string, description: string, reason = "REQUEST_INVALID"): ConnectError {
  return new ConnectError("request is invalid", Code.InvalidArgument, undefined, [
    { desc: ErrorInfoSchema, value: { reason, domain: "moderation.cohort.dev" } },
    { desc: BadRequestSchema, value: { fieldViolations: [{ field, description }] } },
  ]);
}

export function rateLimited(): ConnectError {
  return new ConnectError("too many reports", Code.ResourceExhausted, undefined, [
    { desc: ErrorInfoSchema, value: { reason: "REPORT_RATE_LIMITED", domain: "moderation.cohort.dev" } },
    { desc: RetryInfoSchema, value: { retryDelay: { seconds: 60n } } },
  ]);
}

/** An unsigned access token with these claims (the app never checks signatures: the services do). */
export function tokenWith(claims: object): string {
  const part = (value: object) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value)))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${part({ alg: "ES256", typ: "at+jwt" })}.${part(claims)}.signature`;
}
