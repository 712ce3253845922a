import { describe, expect, it } from "vitest";
import {
  addPending,
  applyCreated,
  contiguousEnd,
  emptyTimeline,
  firstUnread,
  fromNewestPage,
  markPending,
  newestSequence,
  replaceIfHeld,
  upsert,
  withNewestPage,
  withOlderPage,
} from "./timeline";
import { CONVERSATION, ME, message, page, sequences } from "./testing";

describe("timeline", () => {
  it("puts the new-messages divider at the first message after the read marker written by someone else", () => {
    const messages = [message(1), message(2), message(3, { authorUserId: ME }), message(4, { deleted: true }), message(5)];
    expect(firstUnread(messages, 2n, ME)?.sequence).toBe(5n); // mine and deleted ones are never unread
    expect(firstUnread(messages, 0n, ME)?.sequence).toBe(1n);
    expect(firstUnread(messages, 5n, ME)).toBeNull();
  });

  it("holds the newest page oldest first", () => {
    const timeline = fromNewestPage(CONVERSATION, page(50, 41), "40");
    expect(sequences(timeline.messages)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
    expect(timeline.olderPageToken).toBe("40");
    expect(contiguousEnd(timeline)).toBe(50n);
  });

  it("prepends older pages, once each", () => {
    const newest = fromNewestPage(CONVERSATION, page(50, 41), "40");
    // An overlapping page (a message arrived between the two calls) must not duplicate anything.
    const withOlder = withOlderPage(newest, page(42, 31), "30");
    expect(sequences(withOlder.messages)).toEqual(Array.from({ length: 20 }, (_, i) => 31 + i));
    expect(withOlder.olderPageToken).toBe("30");

    const complete = withOlderPage(withOlder, page(30, 1), "");
    expect(complete.messages).toHaveLength(50);
    expect(complete.olderPageToken).toBe("");
  });

  it("appends the next message without a gap", () => {
    const timeline = fromNewestPage(CONVERSATION, page(10, 1), "");
    const applied = applyCreated(timeline, message(11));
    expect(applied.gap).toBe(false);
    expect(sequences(applied.timeline.messages)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(contiguousEnd(applied.timeline)).toBe(11n);
  });

  it("treats the first message of an empty conversation as no gap", () => {
    const applied = applyCreated(emptyTimeline(CONVERSATION), message(1));
    expect(applied.gap).toBe(false);
    expect(contiguousEnd(applied.timeline)).toBe(1n);
  });

  it("keeps a replayed message once", () => {
    const timeline = fromNewestPage(CONVERSATION, page(10, 1), "");
    const applied = applyCreated(timeline, message(9));
    expect(applied.gap).toBe(false);
    expect(applied.timeline.messages).toHaveLength(10);
  });

  it("reports a gap when a sequence is skipped, and keeps the resume point before it", () => {
    const timeline = fromNewestPage(CONVERSATION, page(10, 1), "");
    const applied = applyCreated(timeline, message(13));
    expect(applied.gap).toBe(true);
    expect(sequences(applied.timeline.messages)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13]);
    expect(contiguousEnd(applied.timeline)).toBe(10n);
    expect(newestSequence(applied.timeline)).toBe(13n);

    // A later frame beyond the hole is still a gap until it is filled.
    expect(applyCreated(applied.timeline, message(14)).gap).toBe(true);
  });

  it("closes the gap with the refetched newest page", () => {
    const withGap = applyCreated(fromNewestPage(CONVERSATION, page(10, 1), ""), message(13)).timeline;
    const filled = withNewestPage(withGap, page(14, 5), "4");
    expect(sequences(filled.messages)).toEqual(Array.from({ length: 14 }, (_, i) => 1 + i));
    expect(contiguousEnd(filled)).toBe(14n);
    // The older messages were all there already: the timeline keeps its own token.
    expect(filled.olderPageToken).toBe("");
  });

  it("starts over from the newest page when more was missed than a page holds", () => {
    const withGap = applyCreated(fromNewestPage(CONVERSATION, page(10, 1), ""), message(200)).timeline;
    const fresh = withNewestPage(withGap, page(200, 151), "150");
    expect(sequences(fresh.messages)).toEqual(Array.from({ length: 50 }, (_, i) => 151 + i));
    expect(fresh.olderPageToken).toBe("150");
    expect(contiguousEnd(fresh)).toBe(200n);
  });

  it("replaces a message on update or deletion, and ignores one it does not hold", () => {
    const timeline = fromNewestPage(CONVERSATION, page(3, 1), "");
    const edited = replaceIfHeld(timeline, message(2, { text: "edited" }));
    expect(edited.messages[1].text).toBe("edited");

    const deleted = replaceIfHeld(edited, message(3, { text: "", deleted: true }));
    expect(deleted.messages[2].deleted).toBe(true);
    expect(deleted.messages).toHaveLength(3);

    expect(replaceIfHeld(deleted, message(99, { text: "elsewhere" }))).toBe(deleted);
  });

  it("confirms a pending send with the stored message, from the answer or the frame alike", () => {
    let timeline = fromNewestPage(CONVERSATION, page(3, 1), "");
    timeline = addPending(timeline, "c-1", "hello");
    timeline = addPending(timeline, "c-2", "again");
    timeline = markPending(timeline, "c-2", "failed", new Error("offline"));
    expect(timeline.pending.map((p) => [p.clientMessageId, p.status])).toEqual([["c-1", "sending"], ["c-2", "failed"]]);

    const stored = message(4, { authorUserId: ME, text: "hello", clientMessageId: "c-1" });
    const afterFrame = applyCreated(timeline, stored).timeline;
    const afterAnswer = upsert(afterFrame, stored);

    expect(afterAnswer.pending.map((p) => p.clientMessageId)).toEqual(["c-2"]);
    expect(sequences(afterAnswer.messages)).toEqual([1, 2, 3, 4]);
  });

  it("adds a pending send once for a retried client message id", () => {
    const timeline = addPending(addPending(emptyTimeline(CONVERSATION), "c-1", "hi"), "c-1", "hi");
    expect(timeline.pending).toHaveLength(1);
  });
});
