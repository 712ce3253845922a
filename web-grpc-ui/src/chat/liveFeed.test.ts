import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ServerFrameSchema, type ServerFrame } from "../gen/cohort/chat/v1/chat_pb";
import { Backoff } from "./backoff";
import { LiveFeed, type FeedState, type FeedTarget } from "./liveFeed";
import { CONVERSATION, created, FakeStream, settled } from "./testing";

const heartbeat = () => create(ServerFrameSchema, { frame: { case: "heartbeat", value: {} } });
const reconnect = () => create(ServerFrameSchema, { frame: { case: "reconnect", value: { reason: "shutdown" } } });

function harness(options: { onUnauthenticated?: () => Promise<boolean> } = {}) {
  const streams: FakeStream<FeedTarget[]>[] = [];
  const openedCallbacks: (() => void)[] = [];
  const frames: ServerFrame[] = [];
  const states: FeedState[] = [];
  let lastSeen: bigint | undefined = 5n;
  let targets: () => FeedTarget[] = () => [{ conversationId: CONVERSATION, resumeAfterSequence: lastSeen }];
  const feed = new LiveFeed({
    open: (t, signal, opened) => {
      openedCallbacks.push(opened);
      const stream = new FakeStream(t, signal);
      streams.push(stream);
      return stream;
    },
    targets: () => targets(),
    onFrame: (frame) => {
      frames.push(frame);
      if (frame.frame.case === "messageCreated") {
        lastSeen = frame.frame.value.message!.sequence;
      }
    },
    onState: (state) => states.push(state),
    onUnauthenticated: options.onUnauthenticated,
    // No jitter: delays of 500, 1000, 2000, ... ms.
    backoff: new Backoff({ initialMs: 500, maxMs: 8000, jitter: 0 }),
  });
  return {
    feed, streams, frames, states,
    /** The server answered the latest stream with its headers. */
    answer: () => openedCallbacks[openedCallbacks.length - 1](),
    setTargets: (next: () => FeedTarget[]) => (targets = next),
    latest: () => streams[streams.length - 1],
  };
}

describe("LiveFeed", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resumes after the last sequence seen when the stream ends", async () => {
    const h = harness();
    h.feed.start();
    expect(h.streams).toHaveLength(1);
    expect(h.streams[0].targets).toEqual([{ conversationId: CONVERSATION, resumeAfterSequence: 5n }]);

    h.streams[0].push(created(6));
    h.streams[0].push(created(7));
    h.streams[0].end();
    await settled();
    expect(h.frames).toHaveLength(2);
    expect(h.feed.state).toEqual({ kind: "waiting", retryInMs: 500, reason: "stream ended" });

    await vi.advanceTimersByTimeAsync(499);
    expect(h.streams).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.streams).toHaveLength(2);
    expect(h.streams[1].targets).toEqual([{ conversationId: CONVERSATION, resumeAfterSequence: 7n }]);
    h.feed.stop();
  });

  it("backs off further while streams keep failing, and starts over once one delivers", async () => {
    const h = harness();
    h.feed.start();
    const unavailable = () => new ConnectError("upstream unavailable", Code.Unavailable);

    h.latest().fail(unavailable());
    await settled();
    await vi.advanceTimersByTimeAsync(500);
    expect(h.streams).toHaveLength(2);

    h.latest().fail(unavailable());
    await settled();
    expect(h.feed.state).toMatchObject({ kind: "waiting", retryInMs: 1000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(h.streams).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.streams).toHaveLength(3);

    h.latest().push(heartbeat());
    await settled();
    expect(h.feed.state).toEqual({ kind: "live" });
    h.latest().fail(unavailable());
    await settled();
    expect(h.feed.state).toMatchObject({ kind: "waiting", retryInMs: 500, reason: "[unavailable] upstream unavailable" });
    h.feed.stop();
  });

  it("reconnects when the server asks, closing the old stream and keeping the frame to itself", async () => {
    const h = harness();
    h.feed.start();
    h.latest().push(created(6));
    h.latest().push(reconnect());
    await settled();

    expect(h.frames.map((f) => f.frame.case)).toEqual(["messageCreated"]);
    expect(h.streams[0].signal.aborted).toBe(true);
    expect(h.feed.state).toEqual({ kind: "waiting", retryInMs: 500, reason: "server asked to reconnect" });

    await vi.advanceTimersByTimeAsync(500);
    expect(h.streams).toHaveLength(2);
    expect(h.streams[1].targets[0].resumeAfterSequence).toBe(6n);
    h.feed.stop();
  });

  it("refreshes the tokens once on UNAUTHENTICATED and reconnects at once", async () => {
    const onUnauthenticated = vi.fn(async () => true);
    const h = harness({ onUnauthenticated });
    h.feed.start();

    h.latest().fail(new ConnectError("jwt expired", Code.Unauthenticated));
    await settled();
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(h.streams).toHaveLength(2);

    // Refused again before any frame: the new token does not help, so the feed stops.
    h.latest().fail(new ConnectError("jwt expired", Code.Unauthenticated));
    await settled();
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(h.feed.state).toMatchObject({ kind: "stopped", error: { code: Code.Unauthenticated } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.streams).toHaveLength(2);
  });

  it("stops when the sign-in is over", async () => {
    const h = harness({ onUnauthenticated: async () => false });
    h.feed.start();
    h.latest().fail(new ConnectError("jwt expired", Code.Unauthenticated));
    await settled();
    expect(h.feed.state.kind).toBe("stopped");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.streams).toHaveLength(1);
  });

  it("stops on a refusal that retrying cannot change", async () => {
    const h = harness();
    h.feed.start();
    h.latest().fail(new ConnectError("not a member", Code.PermissionDenied));
    await settled();
    expect(h.feed.state).toMatchObject({ kind: "stopped", error: { code: Code.PermissionDenied } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.streams).toHaveLength(1);
  });

  it("stays closed after stop, even while waiting to reconnect", async () => {
    const h = harness();
    h.feed.start();
    h.latest().end();
    await settled();
    expect(h.feed.state.kind).toBe("waiting");

    h.feed.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.streams).toHaveLength(1);
    expect(h.feed.state).toEqual({ kind: "idle" });
  });

  it("reopens at once with the new targets on restart", async () => {
    const h = harness();
    h.feed.start();
    const other = "3a7d9c10-1111-4222-8333-444455556666";
    h.setTargets(() => [
      { conversationId: CONVERSATION, resumeAfterSequence: 5n },
      { conversationId: other },
    ]);

    h.feed.restart();
    expect(h.streams[0].signal.aborted).toBe(true);
    expect(h.streams).toHaveLength(2);
    expect(h.streams[1].targets.map((t) => t.conversationId)).toEqual([CONVERSATION, other]);

    // The old stream's end does not schedule another connection.
    await settled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.streams).toHaveLength(2);
    h.feed.stop();
  });

  it("is live once the server answers, before any frame, and keeps backing off until a frame arrives", async () => {
    const h = harness();
    h.feed.start();
    expect(h.feed.state).toEqual({ kind: "connecting", attempt: 1 });
    h.answer();
    expect(h.feed.state).toEqual({ kind: "live" });

    // Answered but closed without a frame (e.g. a proxy timeout): the delay still grows.
    h.latest().end();
    await settled();
    await vi.advanceTimersByTimeAsync(500);
    h.answer();
    h.latest().end();
    await settled();
    expect(h.feed.state).toMatchObject({ kind: "waiting", retryInMs: 1000 });
    h.feed.stop();
  });

  it("opens nothing without conversations to follow", () => {
    const h = harness();
    h.setTargets(() => []);
    h.feed.start();
    expect(h.streams).toHaveLength(0);
    expect(h.feed.state).toEqual({ kind: "idle" });
  });
});
