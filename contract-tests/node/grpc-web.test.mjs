// gRPC-Web through the gateway, as the web app calls it: Connect-ES clients generated from proto/ by buf generate
// (protoc-gen-es, see buf.gen.yaml; the build writes them to gen/) over @connectrpc/connect-web's gRPC-Web
// transport on fetch — unary calls, chat's server stream, and errors as ConnectError with the gRPC code and the
// google.rpc details.
//
//   COHORT_GATEWAY_URL=http://127.0.0.1:8080 node --test node/grpc-web.test.mjs

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcWebTransport } from '@connectrpc/connect-web';
import { IdentityService } from '../gen/cohort/identity/v1/identity_pb.js';
import { ChatService, ConversationKind } from '../gen/cohort/chat/v1/chat_pb.js';
import { BadRequestSchema, ErrorInfoSchema } from '../gen/google/rpc/error_details_pb.js';
import { CALL_TIMEOUT_MS, Inbox, PASSWORD, onceChatKnows, required, uniqueEmail, unknownId } from './support.mjs';

const gateway = process.env.COHORT_GATEWAY_URL;

/** gRPC-Web (binary) to the gateway; the bearer token, when given, on every call. */
function transportFor(token) {
  const interceptors = token === undefined ? [] : [(next) => (request) => {
    request.header.set('authorization', `Bearer ${token}`);
    return next(request);
  }];
  return createGrpcWebTransport({ baseUrl: gateway, fetch: globalThis.fetch, interceptors });
}

/** Unary calls get a deadline; streams are ended by the test through an AbortSignal. */
const unary = { timeoutMs: CALL_TIMEOUT_MS };

/** Asserts that `promise` fails with a ConnectError of `code`; returns the error for further checks. */
async function connectErrorOf(promise, code) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConnectError, `a ConnectError, not ${error}`);
    assert.equal(error.code, code, `expected ${Code[code]}, got ${Code[error.code]}: ${error.rawMessage}`);
    return error;
  }
  assert.fail(`expected the call to fail with ${Code[code]}`);
}

/** Registers and signs in a new student; returns the user id and chat client acting as them. */
async function student(prefix, displayName) {
  const identity = createClient(IdentityService, transportFor());
  const email = uniqueEmail(prefix);
  const { user } = await identity.register({ email, password: PASSWORD, displayName }, unary);
  assert.equal(user.email, email);
  const { tokens } = await identity.login({ email, password: PASSWORD }, unary);
  assert.equal(tokens.tokenType, 'Bearer');
  const me = await createClient(IdentityService, transportFor(tokens.accessToken)).getMe({}, unary);
  assert.equal(me.user.userId, user.userId);
  return { userId: user.userId, chat: createClient(ChatService, transportFor(tokens.accessToken)) };
}

describe('gRPC-Web through the gateway with Connect-ES', () => {
  let ada;
  let ben;
  let direct;
  const streams = new AbortController();

  before(async () => {
    required('COHORT_GATEWAY_URL');
    ada = await student('web-ada', 'Ada Web');
    ben = await student('web-ben', 'Ben Web');
    // Direct messages are open to classmates by default (people sharing a conversation): they meet in a public
    // channel first, which Ben joins himself once chat has applied his registration.
    const channel = await ada.chat.createChannel({ name: `web meeting ${Date.now()}` }, unary);
    await onceChatKnows(() => ben.chat.joinChannel({ conversationId: channel.conversation.conversationId }, unary),
      (error) => error instanceof ConnectError && error.findDetails(ErrorInfoSchema)[0]?.reason === 'UNKNOWN_USER');
    const opened = await onceChatKnows(() => ada.chat.openDirect({ participantUserIds: [ben.userId] }, unary),
      (error) => error instanceof ConnectError && error.findDetails(ErrorInfoSchema)[0]?.reason === 'UNKNOWN_USER');
    direct = opened.conversation;
    assert.equal(opened.created, true);
    assert.equal(direct.kind, ConversationKind.DIRECT);
  });

  after(() => streams.abort());

  it('delivers a message sent by one client to another client\'s Subscribe stream, in sequence', async () => {
    const first = await ben.chat.sendMessage(
      { conversationId: direct.conversationId, text: 'before you subscribed', clientMessageId: 'web-ben-1' }, unary);
    assert.equal(first.message.sequence, 1n);

    // Ada follows the direct from its beginning: the stream replays message 1, then continues live.
    const frames = new Inbox();
    const stream = ada.chat.subscribe(
      { conversations: [{ conversationId: direct.conversationId, resumeAfterSequence: 0n }] },
      { signal: streams.signal });
    const reading = (async () => {
      try {
        for await (const response of stream) {
          frames.push(response.frame);
        }
        frames.end(new Error('the Subscribe stream ended'));
      } catch (error) {
        frames.end(error);
      }
    })();

    const isCreated = (sequence) => (frame) =>
      frame.frame.case === 'messageCreated' && frame.frame.value.message.sequence === sequence;
    const replayed = await frames.next(isCreated(1n), 'message 1 replayed on the stream');
    assert.equal(replayed.frame.value.message.messageId, first.message.messageId);
    assert.equal(replayed.frame.value.message.text, 'before you subscribed');

    // The replay arrived, so the subscription is live: what Ben sends now is pushed to Ada.
    const text = `live over gRPC-Web ${randomUUID()}`;
    const sent = await ben.chat.sendMessage(
      { conversationId: direct.conversationId, text, clientMessageId: 'web-ben-2' }, unary);
    assert.equal(sent.message.sequence, 2n);
    const live = await frames.next(isCreated(2n), 'message 2 pushed live on the stream');
    const message = live.frame.value.message;
    assert.equal(message.messageId, sent.message.messageId);
    assert.equal(message.conversationId, direct.conversationId);
    assert.equal(message.authorUserId, ben.userId);
    assert.equal(message.text, text);
    assert.equal(message.clientMessageId, 'web-ben-2');
    assert.ok(frames.unread.every((frame) => frame.frame.case !== 'messageCreated'),
      `no other message frames: ${JSON.stringify(frames.unread.map((f) => f.frame.case))}`);

    streams.abort();
    await reading;
  });

  it('surfaces a unary error as a ConnectError with the gRPC code and the ErrorInfo detail', async () => {
    const conversationId = unknownId();
    const error = await connectErrorOf(ada.chat.getConversation({ conversationId }, unary), Code.NotFound);
    const [info] = error.findDetails(ErrorInfoSchema);
    assert.ok(info, 'an ErrorInfo detail');
    assert.equal(info.reason, 'CONVERSATION_NOT_FOUND');
    assert.equal(info.domain, 'chat.cohort.dev');
  });

  it('surfaces a malformed request as InvalidArgument with the field violations', async () => {
    const identity = createClient(IdentityService, transportFor());
    const error = await connectErrorOf(
      identity.register({ email: 'not-an-email', password: PASSWORD, displayName: 'Malformed' }, unary),
      Code.InvalidArgument);
    const [badRequest] = error.findDetails(BadRequestSchema);
    assert.ok(badRequest, 'a BadRequest detail');
    assert.deepEqual(badRequest.fieldViolations.map((v) => v.field), ['email']);
  });

  it('refuses calls and streams without a token as Unauthenticated', async () => {
    const anonymous = createClient(ChatService, transportFor());
    await connectErrorOf(anonymous.listConversations({}, unary), Code.Unauthenticated);
    const stream = anonymous.subscribe(
      { conversations: [{ conversationId: direct.conversationId }] }, { timeoutMs: CALL_TIMEOUT_MS });
    await connectErrorOf((async () => {
      for await (const response of stream) {
        assert.fail(`no frame for an anonymous stream, got ${response.frame?.frame.case}`);
      }
    })(), Code.Unauthenticated);
  });
});
