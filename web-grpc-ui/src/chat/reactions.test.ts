import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ReactionCountSchema } from "../gen/cohort/chat/v1/chat_pb";
import { applyReaction, fromNewestPage, threadReplies } from "./timeline";
import { CONVERSATION, ME, OTHER, message } from "./testing";

const withMessage = (reactions: { emoji: string; count: number; reactedByMe: boolean }[] = []) =>
  fromNewestPage(CONVERSATION, [message(1, { reactions: reactions.map((r) => create(ReactionCountSchema, r)) })], "");
const ID = message(1).messageId;

describe("reactions in the timeline", () => {
  it("counts another person's new reaction", () => {
    const timeline = applyReaction(withMessage(), { messageId: ID, userId: OTHER, emoji: "👍", added: true }, ME);
    expect(timeline.messages[0]!.reactions).toMatchObject([{ emoji: "👍", count: 1, reactedByMe: false }]);
  });

  it("drops an emoji whose last reaction is removed", () => {
    const timeline = applyReaction(withMessage([{ emoji: "🎉", count: 1, reactedByMe: false }]),
      { messageId: ID, userId: OTHER, emoji: "🎉", added: false }, ME);
    expect(timeline.messages[0]!.reactions).toEqual([]);
  });

  it("does not count my own reaction twice when the answer to my call landed first", () => {
    const answered = withMessage([{ emoji: "👍", count: 2, reactedByMe: true }]);
    const timeline = applyReaction(answered, { messageId: ID, userId: ME, emoji: "👍", added: true }, ME);
    expect(timeline).toBe(answered);
  });

  it("marks my reaction as mine when its frame comes first", () => {
    const timeline = applyReaction(withMessage([{ emoji: "👍", count: 1, reactedByMe: false }]),
      { messageId: ID, userId: ME, emoji: "👍", added: true }, ME);
    expect(timeline.messages[0]!.reactions).toMatchObject([{ emoji: "👍", count: 2, reactedByMe: true }]);
  });

  it("leaves a timeline that does not hold the message unchanged", () => {
    const timeline = withMessage();
    expect(applyReaction(timeline, { messageId: "elsewhere", userId: OTHER, emoji: "👍", added: true }, ME)).toBe(timeline);
  });

  it("finds a thread's replies among the conversation's messages", () => {
    const timeline = fromNewestPage(CONVERSATION, [message(3, { threadRootMessageId: ID }), message(2), message(1)], "");
    expect(threadReplies(timeline, ID).map((m) => m.sequence)).toEqual([3n]);
  });
});
