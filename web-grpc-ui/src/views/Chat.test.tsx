// @vitest-environment jsdom
import { create } from "@bufbuild/protobuf";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChatController, ChatSnapshot, TimelineState } from "../chat/controller";
import { fromNewestPage } from "../chat/timeline";
import { ConversationKind, ConversationSchema, MessageSchema } from "../gen/cohort/chat/v1/chat_pb";
import { fakeModeration } from "../moderation/testing";
import { ChatView } from "./Chat";
import { ME, renderScreen } from "./testing";

afterEach(cleanup);

const CONVERSATION = "2f6c1a52-6d8e-4f0e-9a57-0c1d2e3f4a5b";
const OTHER = "7b1c3d1e-0000-4000-8000-000000000002";

const message = (sequence: number, authorUserId = OTHER) => create(MessageSchema, {
  messageId: `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`,
  conversationId: CONVERSATION, sequence: BigInt(sequence), authorUserId, text: `message ${sequence}`,
});

/** A chat controller holding one conversation's timeline (messages `from`..`to`), recording what the view asks. */
function chatWith(from: number, to: number, conversation: { lastSequence: number; lastRead: number }, state: Partial<TimelineState> = {}) {
  const newestFirst = Array.from({ length: to - from + 1 }, (_, i) => message(to - i, (to - i) % 4 === 0 ? ME.userId : OTHER));
  const snapshot = {
    conversations: [create(ConversationSchema, {
      conversationId: CONVERSATION, kind: ConversationKind.CHANNEL, name: "general", memberCount: 2,
      lastSequence: BigInt(conversation.lastSequence), lastReadSequence: BigInt(conversation.lastRead),
    })],
    conversationsLoading: false, conversationsError: null, feed: { kind: "live" }, typing: new Map(), presence: new Map(),
    timelines: new Map([[CONVERSATION, {
      timeline: fromNewestPage(CONVERSATION, newestFirst, from > 1 ? "older" : ""),
      loaded: true, loading: false, loadingOlder: false, error: null, ...state,
    }]]),
  } as unknown as ChatSnapshot;
  const calls = {
    open: vi.fn(async () => {}), openAt: vi.fn(async () => {}), markRead: vi.fn(async () => {}),
    loadNewer: vi.fn(async () => {}), jumpToLatest: vi.fn(async () => {}),
  };
  const chat = {
    ...calls,
    subscribe: () => () => {},
    getSnapshot: () => snapshot,
    loadConversations: async () => {},
    typingNotifier: () => ({ input: () => {}, stopped: () => {} }),
  } as unknown as ChatController;
  return { chat, calls };
}

const api = {
  chat: { getPresence: async () => ({ presences: [] }) },
  notification: { listMutedConversations: async () => ({ conversationIds: [] }) },
};

describe("Chat", () => {
  it("shows a New messages divider before the first message after my read marker that someone else wrote", async () => {
    const { chat, calls } = chatWith(1, 10, { lastSequence: 10, lastRead: 6 });
    renderScreen(<ChatView conversationId={CONVERSATION} />, api, chat);

    const divider = await screen.findByRole("separator", { name: "New messages" });
    // 7 is the first after the marker; 8 is mine (every fourth message is mine in this timeline).
    expect(divider.nextElementSibling?.getAttribute("data-sequence")).toBe("7");
    expect(calls.open).toHaveBeenCalledWith(CONVERSATION);
    await waitFor(() => expect(calls.markRead).toHaveBeenCalledWith(CONVERSATION));
  });

  it("shows no divider when everything is read", async () => {
    const { chat } = chatWith(1, 10, { lastSequence: 10, lastRead: 10 });
    renderScreen(<ChatView conversationId={CONVERSATION} />, api, chat);
    await screen.findByText("message 10");
    expect(screen.queryByRole("separator", { name: "New messages" })).toBeNull();
  });

  it("opens at a message: asks for the window around it, marks it, and offers the newer messages", async () => {
    const { chat, calls } = chatWith(20, 30, { lastSequence: 90, lastRead: 90 }, { detached: true });
    renderScreen(<ChatView conversationId={CONVERSATION} at="25" />, api, chat);

    expect(calls.openAt).toHaveBeenCalledWith(CONVERSATION, 25n);
    expect(calls.open).not.toHaveBeenCalled();
    const focused = (await screen.findByText("message 25")).closest(".message")!;
    expect(focused.getAttribute("aria-current")).toBe("true");
    expect(document.querySelectorAll('[aria-current="true"]')).toHaveLength(1);

    fireEvent.click(screen.getByRole("button", { name: "Load newer messages" }));
    expect(calls.loadNewer).toHaveBeenCalledWith(CONVERSATION);
    fireEvent.click(screen.getByRole("button", { name: "Jump to the latest" }));
    expect(calls.jumpToLatest).toHaveBeenCalledWith(CONVERSATION);
  });

  it("offers Report on others' messages only, and reports the one it is pressed on", async () => {
    const reported: string[] = [];
    const moderation = fakeModeration({ reportMessage: async (request) => { reported.push(`${request.messageId} ${request.reason}`); return {}; } });
    const { chat } = chatWith(1, 5, { lastSequence: 5, lastRead: 5 });
    renderScreen(<ChatView conversationId={CONVERSATION} />, { ...api, moderation }, chat);

    const row = (text: string) => within((screen.getByText(text)).closest(".message") as HTMLElement);
    await screen.findByText("message 5");
    // Message 4 is mine (every fourth message is mine in this timeline).
    expect(row("message 4").queryByRole("button", { name: "Report…" })).toBeNull();
    fireEvent.click(row("message 3").getByRole("button", { name: "Report…" }));
    fireEvent.change(row("message 3").getByLabelText("Reason"), { target: { value: "Spam" } });
    fireEvent.click(row("message 3").getByRole("button", { name: "Send report" }));

    await waitFor(() => expect(reported).toEqual([`${message(3).messageId} Spam`]));
    expect((await row("message 3").findByRole("status")).textContent).toContain("Reported");
  });

  it("ignores an `at` that is not a sequence and opens at the newest messages", async () => {
    const { chat, calls } = chatWith(1, 5, { lastSequence: 5, lastRead: 5 });
    renderScreen(<ChatView conversationId={CONVERSATION} at="<script>" />, api, chat);
    await screen.findByText("message 5");
    expect(calls.openAt).not.toHaveBeenCalled();
    expect(calls.open).toHaveBeenCalledWith(CONVERSATION);
  });
});
