import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatClient } from "../api/clients";
import {
  ConversationKind,
  ConversationSchema,
  ServerFrameSchema,
  SubscribeResponseSchema,
  type ConversationSubscription,
  type ListMessagesRequest,
  type MarkReadRequest,
  type Message,
  type SendMessageRequest,
  type ServerFrame,
  type SubscribeRequest,
  type SubscribeResponse,
} from "../gen/cohort/chat/v1/chat_pb";
import { Backoff } from "./backoff";
import { ChatController } from "./controller";
import { contiguousEnd } from "./timeline";
import { CONVERSATION, created, FakeStream, ME, message, OTHER, page, sequences, settled } from "./testing";

const SECOND = "3a7d9c10-1111-4222-8333-444455556666";

function conversation(conversationId: string, lastSequence: number, fields: { unread?: number; lastRead?: number } = {}) {
  return create(ConversationSchema, {
    conversationId,
    kind: ConversationKind.CHANNEL,
    name: conversationId === CONVERSATION ? "general" : "random",
    lastSequence: BigInt(lastSequence),
    lastReadSequence: BigInt(fields.lastRead ?? lastSequence),
    unreadCount: BigInt(fields.unread ?? 0),
  });
}

/** What Subscribe sends: each frame wrapped in a SubscribeResponse. */
async function* asSubscribeResponses(stream: AsyncIterable<ServerFrame>): AsyncGenerator<SubscribeResponse> {
  for await (const frame of stream) {
    yield create(SubscribeResponseSchema, { frame });
  }
}

/** A ChatService client answering from the test; Subscribe gives FakeStreams. */
function fakeChat() {
  const streams: FakeStream<ConversationSubscription[]>[] = [];
  let pages: Message[][] = [page(10, 1)];
  const fake = {
    listConversations: vi.fn(async () => ({
      conversations: [conversation(CONVERSATION, 10), conversation(SECOND, 3)], nextPageToken: "",
    })),
    getConversation: vi.fn(),
    listMessages: vi.fn(async (_req: ListMessagesRequest) => ({ messages: pages.shift() ?? [], nextPageToken: "" })),
    sendMessage: vi.fn(async (req: SendMessageRequest) => ({
      message: message(11, { authorUserId: ME, text: req.text, clientMessageId: req.clientMessageId }),
    })),
    markRead: vi.fn(async (req: MarkReadRequest) => ({ lastReadSequence: req.sequence, unreadCount: 0n })),
    sendTyping: vi.fn(async () => ({})),
    openDirect: vi.fn(),
    subscribe: vi.fn((req: SubscribeRequest, options: { signal: AbortSignal }) => {
      const stream = new FakeStream(req.conversations, options.signal);
      streams.push(stream);
      return asSubscribeResponses(stream);
    }),
  };
  return {
    fake, streams,
    client: fake as unknown as ChatClient,
    nextPages: (...next: Message[][]) => (pages = next),
    live: () => streams[streams.length - 1],
  };
}

function controller(chat: ReturnType<typeof fakeChat>) {
  return new ChatController(chat.client, ME, {
    refreshAuth: async () => true,
    feedBackoff: new Backoff({ initialMs: 500, jitter: 0 }),
    sendRetry: { maxAttempts: 2, backoff: new Backoff({ initialMs: 100, jitter: 0 }) },
  });
}

describe("ChatController", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("follows the conversations from their last sequence", async () => {
    const chat = fakeChat();
    const chatController = controller(chat);
    await chatController.start();

    expect(chat.streams).toHaveLength(1);
    expect(chat.live().targets.map((t) => [t.conversationId, t.resumeAfterSequence])).toEqual([
      [CONVERSATION, 10n], [SECOND, 3n],
    ]);
    chatController.dispose();
    expect(chat.live().signal.aborted).toBe(true);
  });

  it("refetches the newest page when a sequence is skipped, and resumes after the gap is closed", async () => {
    const chat = fakeChat();
    const chatController = controller(chat);
    await chatController.start();
    await chatController.open(CONVERSATION);
    expect(sequences(chatController.getSnapshot().timelines.get(CONVERSATION)!.timeline.messages)).toHaveLength(10);

    chat.nextPages(page(13, 1));
    chat.live().push(created(13));
    await settled();

    expect(chat.fake.listMessages).toHaveBeenCalledTimes(2);
    const refetch = chat.fake.listMessages.mock.calls[1][0];
    expect(refetch.conversationId).toBe(CONVERSATION);
    expect(refetch.pageToken ?? "").toBe(""); // the newest page
    const timeline = chatController.getSnapshot().timelines.get(CONVERSATION)!.timeline;
    expect(sequences(timeline.messages)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(contiguousEnd(timeline)).toBe(13n);

    // The stream ends; the next one resumes after 13.
    chat.live().end();
    await settled();
    await vi.advanceTimersByTimeAsync(500);
    expect(chat.live().targets.find((t) => t.conversationId === CONVERSATION)?.resumeAfterSequence).toBe(13n);
    chatController.dispose();
  });

  it("opens a conversation at a message with its neighbours, joins live messages only once the window reaches them", async () => {
    const chat = fakeChat();
    const chatController = controller(chat);
    await chatController.start();
    chat.nextPages(page(7, 3));
    await chatController.openAt(CONVERSATION, 5n);

    expect(chat.fake.listMessages.mock.calls[0][0].aroundSequence).toBe(5n);
    let state = chatController.getSnapshot().timelines.get(CONVERSATION)!;
    expect(sequences(state.timeline.messages)).toEqual([3, 4, 5, 6, 7]);
    expect(state.detached).toBe(true); // the conversation's newest is 10

    chat.live().push(created(11));
    chat.live().push(created(8));
    await settled();
    state = chatController.getSnapshot().timelines.get(CONVERSATION)!;
    expect(sequences(state.timeline.messages)).toEqual([3, 4, 5, 6, 7, 8]); // 11 waits: no hole in the window
    expect(chatController.conversation(CONVERSATION)!.lastSequence).toBe(11n);
    expect(chat.fake.listMessages).toHaveBeenCalledTimes(1); // no refetch of the newest page either

    chat.nextPages(page(11, 9));
    await chatController.loadNewer(CONVERSATION);
    // Around newest held + half a page: the page right after the window.
    expect(chat.fake.listMessages.mock.calls[1][0].aroundSequence).toBe(8n + 25n);
    state = chatController.getSnapshot().timelines.get(CONVERSATION)!;
    expect(sequences(state.timeline.messages)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(state.detached).toBe(false);

    chat.live().push(created(12));
    await settled();
    expect(sequences(chatController.getSnapshot().timelines.get(CONVERSATION)!.timeline.messages).at(-1)).toBe(12);
    chatController.dispose();
  });

  it("opening at a message the timeline holds keeps the timeline; jumping to the latest leaves a window", async () => {
    const chat = fakeChat();
    const chatController = controller(chat);
    await chatController.start();
    await chatController.open(CONVERSATION);
    await chatController.openAt(CONVERSATION, 4n);
    expect(chat.fake.listMessages).toHaveBeenCalledTimes(1);

    chat.nextPages(page(3, 1), page(10, 1));
    const other = controller(chat);
    await other.start();
    await other.openAt(CONVERSATION, 2n);
    expect(other.getSnapshot().timelines.get(CONVERSATION)!.detached).toBe(true);
    await other.jumpToLatest(CONVERSATION);
    const state = other.getSnapshot().timelines.get(CONVERSATION)!;
    expect(state.detached).toBe(false);
    expect(sequences(state.timeline.messages)).toHaveLength(10);
    chatController.dispose();
    other.dispose();
  });

  it("closes the stream when the browser goes offline and resumes at once, after the last message held, when it is back", async () => {
    const chat = fakeChat();
    const chatController = controller(chat);
    await chatController.start();
    await chatController.open(CONVERSATION);
    const before = chat.live();

    chatController.networkChanged(false);
    await settled();
    expect(before.signal.aborted).toBe(true);
    expect(chatController.getSnapshot().feed.kind).toBe("offline");
    expect(chat.streams).toHaveLength(1); // no attempts while offline

    chatController.networkChanged(true);
    await settled();
    expect(chat.streams).toHaveLength(2); // at once: no backoff timer had to pass
    expect(chat.live().targets.find((t) => t.conversationId === CONVERSATION)?.resumeAfterSequence).toBe(10n);
    chat.live().push(created(11));
    chat.live().push(created(12));
    await settled();
    expect(sequences(chatController.getSnapshot().timelines.get(CONVERSATION)!.timeline.messages).slice(-3)).toEqual([10, 11, 12]);
    expect(chatController.getSnapshot().feed.kind).toBe("live");
    chatController.dispose();
  });

  it("does not refetch for consecutive or replayed messages", async () => {
    const chat = fakeChat();
    const chatController = controller(chat);
    await chatController.start();
    await chatController.open(CONVERSATION);

    chat.live().push(created(9));
    chat.live().push(created(11));
    chat.live().push(created(12));
    await settled();

    expect(chat.fake.listMessages).toHaveBeenCalledTimes(1);
    expect(sequences(chatController.getSnapshot().timelines.get(CONVERSATION)!.timeline.messages)).toHaveLength(12);
    chatController.dispose();
  });

  it("counts others' new messages as unread and puts that conversation first", async () => {
    const chat = fakeChat();
    const chatController = controller(chat);
    await chatController.start();

    chat.live().push(created(message(4, { conversationId: SECOND, authorUserId: OTHER })));
    chat.live().push(created(message(4, { conversationId: SECOND, authorUserId: OTHER }))); // replayed: once
    chat.live().push(created(message(5, { conversationId: SECOND, authorUserId: ME })));
    await settled();

    const [first, second] = chatController.getSnapshot().conversations;
    expect(first.conversationId).toBe(SECOND);
    expect(first.unreadCount).toBe(1n);
    expect(first.lastSequence).toBe(5n);
    expect(first.lastMessage?.authorUserId).toBe(ME);
    expect(second.conversationId).toBe(CONVERSATION);
    chatController.dispose();
  });

  it("shows a send at once and keeps one copy when the frame and the answer both arrive", async () => {
    const chat = fakeChat();
    let answer!: () => void;
    chat.fake.sendMessage.mockImplementationOnce((req: SendMessageRequest) => new Promise((resolve) => {
      answer = () => resolve({ message: message(11, { authorUserId: ME, text: req.text, clientMessageId: req.clientMessageId }) });
    }));
    const chatController = controller(chat);
    await chatController.start();
    await chatController.open(CONVERSATION);

    const sending = chatController.send(CONVERSATION, "hello");
    const pending = chatController.getSnapshot().timelines.get(CONVERSATION)!.timeline.pending;
    expect(pending).toMatchObject([{ text: "hello", status: "sending" }]);
    const clientMessageId = chat.fake.sendMessage.mock.calls[0][0].clientMessageId;
    expect(pending[0].clientMessageId).toBe(clientMessageId);

    chat.live().push(created(message(11, { authorUserId: ME, text: "hello", clientMessageId })));
    await settled();
    answer();
    await sending;

    const timeline = chatController.getSnapshot().timelines.get(CONVERSATION)!.timeline;
    expect(timeline.pending).toEqual([]);
    expect(sequences(timeline.messages).filter((s) => s === 11)).toHaveLength(1);
    expect(chat.fake.markRead).toHaveBeenCalledWith({ conversationId: CONVERSATION, sequence: 11n });
    chatController.dispose();
  });

  it("keeps a failed send for a retry with the same client message id", async () => {
    const chat = fakeChat();
    chat.fake.sendMessage.mockRejectedValueOnce(new ConnectError("slow down", Code.ResourceExhausted));
    const chatController = controller(chat);
    await chatController.start();
    await chatController.open(CONVERSATION);

    await chatController.send(CONVERSATION, "hello");
    const failed = chatController.getSnapshot().timelines.get(CONVERSATION)!.timeline.pending[0];
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatchObject({ code: Code.ResourceExhausted });

    await chatController.retry(CONVERSATION, failed.clientMessageId);
    expect(chat.fake.sendMessage).toHaveBeenCalledTimes(2);
    expect(chat.fake.sendMessage.mock.calls[1][0].clientMessageId).toBe(failed.clientMessageId);
    expect(chatController.getSnapshot().timelines.get(CONVERSATION)!.timeline.pending).toEqual([]);
    chatController.dispose();
  });

  it("shows who is typing until they post", async () => {
    const chat = fakeChat();
    const chatController = controller(chat);
    await chatController.start();

    chat.live().push(create(ServerFrameSchema, {
      frame: { case: "typingChanged", value: { conversationId: CONVERSATION, userId: OTHER, typing: true } },
    }));
    await settled();
    expect(chatController.getSnapshot().typing.get(CONVERSATION)?.has(OTHER)).toBe(true);

    chat.live().push(created(11));
    await settled();
    expect(chatController.getSnapshot().typing.get(CONVERSATION)).toBeUndefined();
    chatController.dispose();
  });

  it("marks read up to the newest message held and takes the server's unread count", async () => {
    const chat = fakeChat();
    chat.fake.listConversations.mockResolvedValueOnce({
      conversations: [conversation(CONVERSATION, 10, { lastRead: 6, unread: 4 })], nextPageToken: "",
    });
    const chatController = controller(chat);
    await chatController.start();
    await chatController.open(CONVERSATION);

    await chatController.markRead(CONVERSATION);
    expect(chat.fake.markRead).toHaveBeenCalledWith({ conversationId: CONVERSATION, sequence: 10n });
    expect(chatController.getSnapshot().conversations[0]).toMatchObject({ lastReadSequence: 10n, unreadCount: 0n });

    await chatController.markRead(CONVERSATION);
    expect(chat.fake.markRead).toHaveBeenCalledTimes(1);
    chatController.dispose();
  });
});
