// Builders shared by the chat tests (not part of the app bundle: only *.test.ts import it).
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { MessageSchema, ServerFrameSchema, type Message, type ServerFrame } from "../gen/cohort/chat/v1/chat_pb";

export const CONVERSATION = "2f6c1a52-6d8e-4f0e-9a57-0c1d2e3f4a5b";
export const ME = "7b1c3d1e-0000-4000-8000-000000000001";
export const OTHER = "7b1c3d1e-0000-4000-8000-000000000002";

export function message(sequence: number, fields: Partial<Omit<Message, "$typeName" | "sequence">> = {}): Message {
  return create(MessageSchema, {
    messageId: `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`,
    conversationId: CONVERSATION,
    sequence: BigInt(sequence),
    authorUserId: OTHER,
    text: `message ${sequence}`,
    ...fields,
  });
}

/** Newest first, as ListMessages answers: page(5, 3) is messages 5, 4, 3. */
export function page(newest: number, oldest: number): Message[] {
  const messages: Message[] = [];
  for (let sequence = newest; sequence >= oldest; sequence--) {
    messages.push(message(sequence));
  }
  return messages;
}

export function sequences(messages: readonly Message[]): number[] {
  return messages.map((m) => Number(m.sequence));
}

export const created = (m: Message | number): ServerFrame =>
  create(ServerFrameSchema, { frame: { case: "messageCreated", value: { message: typeof m === "number" ? message(m) : m } } });

// Node's, which the tests run on (the app's own types leave Node out).
declare function setImmediate(callback: () => void): unknown;

/** Lets pending promise callbacks run: a macrotask turn, no timer (tests fake setTimeout only). */
export const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A server stream the test drives: frames, then an end or an error. Fails as CANCELED when its signal aborts. */
export class FakeStream<T = unknown> implements AsyncIterable<ServerFrame> {
  private readonly queue: ({ frame: ServerFrame } | { end: true } | { error: unknown })[] = [];
  private wake: (() => void) | null = null;

  constructor(readonly targets: T, readonly signal: AbortSignal) {
    signal.addEventListener("abort", () => this.fail(new ConnectError("aborted", Code.Canceled)));
  }

  push(frame: ServerFrame): void {
    this.enqueue({ frame });
  }

  end(): void {
    this.enqueue({ end: true });
  }

  fail(error: unknown): void {
    this.enqueue({ error });
  }

  private enqueue(item: FakeStream["queue"][number]): void {
    this.queue.push(item);
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ServerFrame> {
    for (;;) {
      while (this.queue.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      const item = this.queue.shift()!;
      if ("end" in item) return;
      if ("error" in item) throw item.error;
      yield item.frame;
    }
  }
}
