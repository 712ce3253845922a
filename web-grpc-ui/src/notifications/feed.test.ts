import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  NotificationSchema,
  SubscribeResponseSchema,
} from "../gen/cohort/notification/v1/notification_pb";
import { reduce, type FeedState } from "./feed";

const empty: FeedState = { unreadCount: 0n, recent: [], lastId: 0n, connected: false };

function notification(id: bigint) {
  return create(SubscribeResponseSchema, {
    event: { case: "notification", value: create(NotificationSchema, { id, title: `n${id}` }) },
  });
}

describe("the notification feed", () => {
  it("keeps the newest first and remembers the last id to resume after", () => {
    const state = [notification(1n), notification(2n)].reduce(reduce, empty);
    expect(state.recent.map((n) => n.id)).toEqual([2n, 1n]);
    expect(state.lastId).toBe(2n);
  });

  it("ignores a notification it has seen (a resume never shows one twice)", () => {
    const state = [notification(1n), notification(2n), notification(2n), notification(1n)].reduce(reduce, empty);
    expect(state.recent.map((n) => n.id)).toEqual([2n, 1n]);
  });

  it("takes the unread count from the stream and is live once caught up", () => {
    const state = [
      create(SubscribeResponseSchema, { event: { case: "unreadCount", value: 7n } }),
      create(SubscribeResponseSchema, { event: { case: "caughtUp", value: true } }),
    ].reduce(reduce, empty);
    expect(state.unreadCount).toBe(7n);
    expect(state.connected).toBe(true);
  });
});
