// gRPC-Web through the gateway, as the web app calls it: Connect-ES clients generated from proto/ by buf generate
// (protoc-gen-es, see buf.gen.yaml; the build writes them to gen/) over @connectrpc/connect-web's gRPC-Web
// transport on fetch — unary calls, chat's server stream, and errors as ConnectError with the gRPC code and the
// google.rpc details; and moderation as the web app's admin area calls it (report, resolve, audit).
//
//   COHORT_GATEWAY_URL=http://127.0.0.1:8080 node --test node/grpc-web.test.mjs

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcWebTransport } from '@connectrpc/connect-web';
import { IdentityService } from '../gen/cohort/identity/v1/identity_pb.js';
import { ChatService, ConversationKind } from '../gen/cohort/chat/v1/chat_pb.js';
import { ModerationService, ReportOutcome } from '../gen/cohort/moderation/v1/moderation_pb.js';
import { BadRequestSchema, ErrorInfoSchema } from '../gen/google/rpc/error_details_pb.js';
import {
  CALL_TIMEOUT_MS, Inbox, PASSWORD, adminAccount, onceChatKnows, onceModerationKnows, required, uniqueEmail, unknownId,
} from './support.mjs';

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
  return clientsOf(user.userId, tokens.accessToken);
}

/** The chat and moderation clients acting as the holder of `token`. */
function clientsOf(userId, token) {
  return {
    userId,
    chat: createClient(ChatService, transportFor(token)),
    moderation: createClient(ModerationService, transportFor(token)),
  };
}

/** Whether `error` is a ConnectError whose ErrorInfo has `reason`. */
function hasReason(error, reason) {
  return error instanceof ConnectError && error.findDetails(ErrorInfoSchema)[0]?.reason === reason;
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
      (error) => hasReason(error, 'UNKNOWN_USER'));
    const opened = await onceChatKnows(() => ada.chat.openDirect({ participantUserIds: [ben.userId] }, unary),
      (error) => hasReason(error, 'UNKNOWN_USER'));
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

  it('lets a member report a message and an admin remove it, with the action in the audit log', async () => {
    const channel = await ada.chat.createChannel({ name: `web moderation ${randomUUID().slice(0, 8)}` }, unary);
    const conversationId = channel.conversation.conversationId;
    await onceChatKnows(() => ben.chat.joinChannel({ conversationId }, unary), (error) => hasReason(error, 'UNKNOWN_USER'));
    const { message } = await ada.chat.sendMessage(
      { conversationId, text: `spam over gRPC-Web ${randomUUID()}`, clientMessageId: randomUUID() }, unary);

    // A reason is required: InvalidArgument naming the field, and no report.
    const empty = await connectErrorOf(ben.moderation.reportMessage({ messageId: message.messageId, reason: '' }, unary),
      Code.InvalidArgument);
    assert.deepEqual(empty.findDetails(BadRequestSchema)[0]?.fieldViolations.map((v) => v.field), ['reason']);
    const { report } = await onceModerationKnows(
      () => ben.moderation.reportMessage({ messageId: message.messageId, reason: 'Advertising' }, unary),
      (error) => hasReason(error, 'MESSAGE_NOT_FOUND'));
    assert.equal(report.reporterUserId, ben.userId);
    assert.equal(report.reportedUserId, ada.userId);
    assert.equal(report.messageSequence, message.sequence);

    // Members may not resolve reports or read the audit log.
    await connectErrorOf(ben.moderation.resolveReport(
      { reportId: report.reportId, outcome: ReportOutcome.DISMISSED, note: 'mine to close?' }, unary), Code.PermissionDenied);
    await connectErrorOf(ben.moderation.verifyAuditLog({}, unary), Code.PermissionDenied);

    const { email, password } = adminAccount();
    const { user, tokens } = await createClient(IdentityService, transportFor()).login({ email, password }, unary);
    const admin = clientsOf(user.userId, tokens.accessToken);
    assert.ok(await isOpen(admin, report.reportId), 'the report is in the admin\'s queue');
    const { report: resolved } = await admin.moderation.resolveReport(
      { reportId: report.reportId, outcome: ReportOutcome.MESSAGE_REMOVED, note: 'Removed: advertising' }, unary);
    assert.equal(resolved.outcome, ReportOutcome.MESSAGE_REMOVED);
    assert.equal(resolved.resolvedByUserId, admin.userId);
    assert.equal(await isOpen(admin, report.reportId), false, 'resolved reports leave the queue');

    const { messages } = await ben.chat.listMessages({ conversationId }, unary);
    const removed = messages.find((m) => m.messageId === message.messageId);
    assert.equal(removed?.deleted, true, 'the message is a tombstone for the members');
    assert.equal(removed.text, '');

    const { entries } = await admin.moderation.listAuditEntries(
      { subject: report.reportId, kind: 'moderation.ReportResolved' }, unary);
    assert.deepEqual(entries.map((e) => e.actorUserId), [admin.userId]);
    const verified = await admin.moderation.verifyAuditLog({}, unary);
    assert.equal(verified.intact, true, verified.problem);
    assert.equal(verified.firstBrokenSequence, 0n);
  });
});

/** Whether the report is among the open ones `admin` sees (every page). */
async function isOpen(admin, reportId) {
  let pageToken = '';
  do {
    const page = await admin.moderation.listOpenReports({ pageSize: 100, pageToken }, unary);
    if (page.reports.some((r) => r.reportId === reportId)) {
      return true;
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return false;
}
