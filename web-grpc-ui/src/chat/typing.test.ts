import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it, vi } from "vitest";
import { TypingChangedSchema } from "../gen/cohort/chat/v1/chat_pb";
import { CONVERSATION, ME, OTHER } from "./testing";
import { applyTyping, clearTyping, nextTypingExpiry, noTyping, TypingNotifier, typingUsers } from "./typing";

const typing = (userId: string, on: boolean, expireMs?: number) => create(TypingChangedSchema, {
  conversationId: CONVERSATION, userId, typing: on,
  expireTime: expireMs === undefined ? undefined : timestampFromMs(expireMs),
});

describe("typing state", () => {
  it("shows who types until their expire time, never oneself", () => {
    let state = applyTyping(noTyping, typing(OTHER, true, 10_000), 4_000);
    state = applyTyping(state, typing(ME, true, 12_000), 4_000);

    expect(typingUsers(state, CONVERSATION, 9_999, ME)).toEqual([OTHER]);
    expect(typingUsers(state, CONVERSATION, 10_000, ME)).toEqual([]);
    expect(nextTypingExpiry(state, 4_000)).toBe(10_000);
    expect(nextTypingExpiry(state, 10_000)).toBe(12_000);
  });

  it("forgets a user who stopped or posted", () => {
    const state = applyTyping(noTyping, typing(OTHER, true, 10_000), 0);
    expect(typingUsers(applyTyping(state, typing(OTHER, false), 1), CONVERSATION, 1)).toEqual([]);
    expect(typingUsers(clearTyping(state, CONVERSATION, OTHER), CONVERSATION, 1)).toEqual([]);
    expect(clearTyping(state, CONVERSATION, ME)).toBe(state);
  });

  it("gives a typing frame without expiry a few seconds", () => {
    const state = applyTyping(noTyping, typing(OTHER, true), 1_000);
    expect(typingUsers(state, CONVERSATION, 6_999)).toEqual([OTHER]);
    expect(typingUsers(state, CONVERSATION, 7_000)).toEqual([]);
  });
});

describe("TypingNotifier", () => {
  it("says typing once, renews while typing goes on, and says stopped once", () => {
    let now = 0;
    const send = vi.fn(async (_typing: boolean) => ({}));
    const notifier = new TypingNotifier(send, () => now, 3000);

    notifier.input("h");
    now = 1000;
    notifier.input("he");
    now = 2999;
    notifier.input("hel");
    expect(send.mock.calls).toEqual([[true]]);

    now = 3000;
    notifier.input("hell");
    expect(send.mock.calls).toEqual([[true], [true]]);

    notifier.input("");
    notifier.stopped();
    expect(send.mock.calls).toEqual([[true], [true], [false]]);
  });

  it("does not say stopped when it never said typing", () => {
    const send = vi.fn(async () => ({}));
    new TypingNotifier(send, () => 0).stopped();
    expect(send).not.toHaveBeenCalled();
  });

  it("ignores failures (typing is a hint)", async () => {
    const send = vi.fn(async () => {
      throw new Error("offline");
    });
    const notifier = new TypingNotifier(send, () => 0);
    expect(() => notifier.input("x")).not.toThrow();
    await Promise.resolve();
    expect(send).toHaveBeenCalledTimes(1);
  });
});
