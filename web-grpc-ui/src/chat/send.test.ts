import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SendMessageRequestSchema, type SendMessageRequest } from "../gen/cohort/chat/v1/chat_pb";
import { Backoff } from "./backoff";
import { newClientMessageId, withIdempotentRetry } from "./send";
import { CONVERSATION } from "./testing";

describe("withIdempotentRetry", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const backoff = () => new Backoff({ initialMs: 200, maxMs: 2000, jitter: 0 });

  it("sends the same request again after a transient failure", async () => {
    const request = create(SendMessageRequestSchema, {
      conversationId: CONVERSATION, text: "hi", clientMessageId: newClientMessageId(),
    });
    const sent: SendMessageRequest[] = [];
    const send = vi.fn(async (req: SendMessageRequest) => {
      sent.push(req);
      if (sent.length < 3) {
        throw new ConnectError("upstream reset", Code.Unavailable);
      }
      return { sequence: 12n };
    });

    const result = withIdempotentRetry(() => send(request), { backoff: backoff() });
    await vi.advanceTimersByTimeAsync(199);
    expect(send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(400);

    await expect(result).resolves.toEqual({ sequence: 12n });
    expect(send).toHaveBeenCalledTimes(3);
    expect(new Set(sent.map((r) => r.clientMessageId)).size).toBe(1);
    expect(sent[0].clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("does not retry a refusal", async () => {
    const send = vi.fn(async () => {
      throw new ConnectError("not a member", Code.PermissionDenied);
    });
    await expect(withIdempotentRetry(send, { backoff: backoff() })).rejects.toMatchObject({ code: Code.PermissionDenied });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("gives up after the last attempt with the last error", async () => {
    let n = 0;
    const send = vi.fn(async () => {
      throw new ConnectError(`timeout ${++n}`, Code.DeadlineExceeded);
    });
    const result = withIdempotentRetry(send, { maxAttempts: 3, backoff: backoff() });
    const settledResult = result.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(200 + 400);

    expect(await settledResult).toMatchObject({ code: Code.DeadlineExceeded, rawMessage: "timeout 3" });
    expect(send).toHaveBeenCalledTimes(3);
  });

  it("gives every message its own id", () => {
    expect(newClientMessageId()).not.toBe(newClientMessageId());
  });
});
