// Native gRPC straight to the services, as internal teams' clients call them: @grpc/grpc-js with stubs built at
// run time by proto-loader from proto/ itself (no generated code, no Java). Every service answers gRPC health
// checks, and chat's bidirectional Connect stream takes commands (subscribe with replay, send, ping), answers
// each with an ack or an error carrying its correlation id, pushes the frames of the followed conversations, and
// stays open after a bad command. Moderation resolves a member's report as the admin, removing the message in chat.
//
//   IDENTITY_ADDRESS=127.0.0.1:9101 COURSE_ADDRESS=127.0.0.1:9103 GROUP_ADDRESS=127.0.0.1:9104 \
//   CHAT_ADDRESS=127.0.0.1:9105 MODERATION_ADDRESS=127.0.0.1:9108 COHORT_ADMIN_EMAIL=admin@cohort.local \
//   COHORT_ADMIN_PASSWORD=... node --test node/grpc-native.test.mjs
//
// Imports of our protos (google/api, google/rpc, buf/validate) and gRPC's grpc/health/v1/health.proto come from
// target/proto-imports (unpacked from the Maven jars by the build; override with COHORT_PROTO_IMPORTS),
// google/protobuf from protobufjs. Messages keep the proto field names (keepCase); int64 values are strings.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import {
  CALL_TIMEOUT_MS, Inbox, PASSWORD, adminAccount, onceChatKnows, onceModerationKnows, required, uniqueEmail,
} from './support.mjs';

const moduleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const protoDir = process.env.COHORT_PROTO_DIR ?? path.resolve(moduleDir, '../proto');
const protoImports = process.env.COHORT_PROTO_IMPORTS ?? path.resolve(moduleDir, 'target/proto-imports');

const packages = grpc.loadPackageDefinition(protoLoader.loadSync([
  'cohort/identity/v1/identity.proto',
  'cohort/course/v1/course.proto',
  'cohort/group/v1/group.proto',
  'cohort/chat/v1/chat.proto',
  'cohort/moderation/v1/moderation.proto',
  'grpc/health/v1/health.proto',
], {
  includeDirs: [protoDir, protoImports],
  keepCase: true,
  enums: String,
  longs: String,
  defaults: true,
  oneofs: true,
}));

/** Each service, its address variable, and the gRPC service it serves. */
const SERVICES = [
  ['IDENTITY_ADDRESS', 'cohort.identity.v1.IdentityService'],
  ['COURSE_ADDRESS', 'cohort.course.v1.CourseService'],
  ['GROUP_ADDRESS', 'cohort.group.v1.GroupService'],
  ['CHAT_ADDRESS', 'cohort.chat.v1.ChatService'],
  ['MODERATION_ADDRESS', 'cohort.moderation.v1.ModerationService'],
];

const clients = [];

function client(Service, address) {
  const created = new Service(address, grpc.credentials.createInsecure());
  clients.push(created);
  return created;
}

function bearer(token) {
  const metadata = new grpc.Metadata();
  if (token !== undefined) {
    metadata.set('authorization', `Bearer ${token}`);
  }
  return metadata;
}

/** Calls a unary RPC with a deadline and, when given, a bearer token; resolves with the response. */
function call(stub, method, request, token) {
  return new Promise((resolve, reject) => {
    stub[method](request, bearer(token), { deadline: Date.now() + CALL_TIMEOUT_MS }, (error, response) =>
      error ? reject(error) : resolve(response));
  });
}

describe('native gRPC against the services', () => {
  after(() => clients.forEach((c) => c.close()));

  describe('health checking (grpc.health.v1)', () => {
    for (const [variable, serviceName] of SERVICES) {
      it(`reports the server of ${serviceName} SERVING`, async () => {
        const health = client(packages.grpc.health.v1.Health, required(variable));
        // The empty service name asks about the server as a whole (what Kubernetes' gRPC probes ask).
        assert.deepEqual(await call(health, 'Check', { service: '' }), { status: 'SERVING' });
        // As the protocol says, a service the server does not know is NOT_FOUND, not a guess.
        await assert.rejects(call(health, 'Check', { service: 'cohort.nothing.v1.NoSuchService' }), (error) => {
          assert.equal(error.code, grpc.status.NOT_FOUND, error.message);
          return true;
        });
      });
    }
  });

  describe('chat\'s bidirectional Connect stream', () => {
    let identity;
    let chat;
    let ada;
    let ben;
    let conversationId;
    const open = [];

    async function student(prefix, displayName) {
      const email = uniqueEmail(prefix);
      const { user } = await call(identity, 'Register', { email, password: PASSWORD, display_name: displayName });
      const { tokens } = await call(identity, 'Login', { email, password: PASSWORD });
      return { userId: user.user_id, token: tokens.access_token };
    }

    /** Opens Connect as `who`; frames (ServerFrame) go to an Inbox, the end of the stream too. */
    function connect(who) {
      const stream = chat.Connect(bearer(who.token));
      const frames = new Inbox();
      stream.on('data', (response) => frames.push(response.frame));
      stream.on('error', (error) => frames.end(error));
      stream.on('end', () => frames.end(new Error('the server ended the Connect stream')));
      open.push(stream);
      return {
        frames,
        send: (frame) => stream.write({ frame }),
        /** The ack or error answering the command with this correlation id. */
        answer: (correlationId) => frames.next(
          (f) => (f.frame === 'ack' || f.frame === 'error') && f[f.frame].correlation_id === correlationId,
          `the answer to command ${correlationId}`),
        created: (sequence) => frames.next(
          (f) => f.frame === 'message_created' && f.message_created.message.sequence === sequence,
          `a message_created frame for sequence ${sequence}`),
        stream,
      };
    }

    before(async () => {
      identity = client(packages.cohort.identity.v1.IdentityService, required('IDENTITY_ADDRESS'));
      chat = client(packages.cohort.chat.v1.ChatService, required('CHAT_ADDRESS'));
      ada = await student('native-ada', 'Ada Native');
      ben = await student('native-ben', 'Ben Native');
      // Direct messages are open to classmates by default (people sharing a conversation): they meet in a public
      // channel first. Ben can join it himself once chat has applied his registration.
      const channel = await call(chat, 'CreateChannel', { name: `native meeting ${randomUUID()}` }, ada.token);
      await onceChatKnows(
        () => call(chat, 'JoinChannel', { conversation_id: channel.conversation.conversation_id }, ben.token),
        (error) => error.code === 3 && String(error.details).includes(ben.userId));
      // INVALID_ARGUMENT naming the unknown participant, until chat has applied ben's registration.
      const opened = await onceChatKnows(
        () => call(chat, 'OpenDirect', { participant_user_ids: [ben.userId] }, ada.token),
        (error) => error.code === 3 && String(error.details).includes(ben.userId));
      conversationId = opened.conversation.conversation_id;
      assert.equal(opened.conversation.kind, 'CONVERSATION_KIND_DIRECT');
    });

    after(() => open.forEach((stream) => stream.cancel()));

    it('subscribes, sends with a correlation id, and gets the ack and the message_created frame', async () => {
      const live = connect(ada);
      live.send({ correlation_id: 'sub-1', subscribe: { conversations: [{ conversation_id: conversationId, resume_after_sequence: '0' }] } });
      const subscribed = await live.answer('sub-1');
      assert.equal(subscribed.frame, 'ack', `subscribe acknowledged: ${JSON.stringify(subscribed)}`);
      assert.deepEqual(subscribed.ack.subscriptions.map((s) => [s.conversation_id, s.last_sequence]), [[conversationId, '0']]);

      const text = `over the bidirectional stream ${randomUUID()}`;
      live.send({ correlation_id: 'send-1', send_message: { conversation_id: conversationId, text, client_message_id: 'native-ada-1' } });
      const sent = await live.answer('send-1');
      assert.equal(sent.frame, 'ack', `send acknowledged: ${JSON.stringify(sent)}`);
      const stored = sent.ack.message;
      assert.equal(stored.conversation_id, conversationId);
      assert.equal(stored.sequence, '1');
      assert.equal(stored.text, text);
      assert.equal(stored.author_user_id, ada.userId);
      assert.equal(stored.client_message_id, 'native-ada-1');

      const created = await live.created('1');
      assert.equal(created.message_created.message.message_id, stored.message_id);
      assert.equal(created.message_created.message.text, text);

      // Another client's message (a unary send by Ben) is pushed on Ada's stream too.
      const reply = await call(chat, 'SendMessage',
        { conversation_id: conversationId, text: 'got it', client_message_id: 'native-ben-1' }, ben.token);
      assert.equal(reply.message.sequence, '2');
      const pushed = await live.created('2');
      assert.equal(pushed.message_created.message.message_id, reply.message.message_id);
      assert.equal(pushed.message_created.message.author_user_id, ben.userId);
    });

    it('answers a bad command with a CommandError for its correlation id and keeps the stream open', async () => {
      const live = connect(ada);
      live.send({ correlation_id: 'bad-1', send_message: { conversation_id: conversationId, text: '', client_message_id: 'native-bad-1' } });
      const refused = await live.answer('bad-1');
      assert.equal(refused.frame, 'error', `the empty send is refused: ${JSON.stringify(refused)}`);
      assert.equal(refused.error.status.code, grpc.status.INVALID_ARGUMENT);
      assert.ok(refused.error.status.message, 'the error says what is wrong');
      const detailTypes = refused.error.status.details.map((d) => d.type_url);
      assert.ok(detailTypes.includes('type.googleapis.com/google.rpc.BadRequest'), `BadRequest among ${detailTypes}`);

      live.send({ correlation_id: 'ping-1', ping: {} });
      const pong = await live.answer('ping-1');
      assert.equal(pong.frame, 'ack', `the stream still answers: ${JSON.stringify(pong)}`);
    });

    it('replays what a client missed after resume_after_sequence, then continues live', async () => {
      const live = connect(ben);
      live.send({ correlation_id: 'resume-1', subscribe: { conversations: [{ conversation_id: conversationId, resume_after_sequence: '1' }] } });
      const replayed = await live.created('2');
      assert.equal(replayed.message_created.message.text, 'got it');
      const subscribed = await live.answer('resume-1');
      assert.equal(subscribed.frame, 'ack');
      assert.deepEqual(subscribed.ack.subscriptions.map((s) => [s.conversation_id, s.last_sequence]), [[conversationId, '2']]);
      assert.ok(!live.frames.unread.some((f) => f.frame === 'message_created' && f.message_created.message.sequence === '1'),
        'nothing at or before the resume point is replayed');

      const next = await call(chat, 'SendMessage',
        { conversation_id: conversationId, text: 'and one more', client_message_id: 'native-ada-2' }, ada.token);
      assert.equal(next.message.sequence, '3');
      const pushed = await live.created('3');
      assert.equal(pushed.message_created.message.text, 'and one more');
    });

    it('refuses a stream without a token with UNAUTHENTICATED', async () => {
      const live = connect({ token: undefined });
      live.send({ correlation_id: 'anon-1', ping: {} });
      await assert.rejects(live.answer('anon-1'), (error) => {
        assert.equal(error.code, grpc.status.UNAUTHENTICATED, `${error.message}`);
        return true;
      });
    });
  });
  describe('moderation, straight to the service', () => {
    let identity;
    let chat;
    let moderation;

    before(() => {
      identity = client(packages.cohort.identity.v1.IdentityService, required('IDENTITY_ADDRESS'));
      chat = client(packages.cohort.chat.v1.ChatService, required('CHAT_ADDRESS'));
      moderation = client(packages.cohort.moderation.v1.ModerationService, required('MODERATION_ADDRESS'));
    });

    async function signIn(email, password) {
      const { user, tokens } = await call(identity, 'Login', { email, password });
      return { userId: user.user_id, token: tokens.access_token };
    }

    async function member(prefix) {
      const email = uniqueEmail(prefix);
      await call(identity, 'Register', { email, password: PASSWORD, display_name: prefix });
      return signIn(email, PASSWORD);
    }

    /** The gRPC status code and ErrorInfo reason of a failed call. */
    async function failure(promise) {
      const error = await promise.then(() => assert.fail('expected the call to fail'), (e) => e);
      const info = error.metadata?.get('grpc-status-details-bin')?.[0];
      return { code: error.code, message: error.message, details: info ? info.toString('latin1') : '' };
    }

    it('takes a report, refuses members on admin RPCs and removes the message when the admin resolves it', async () => {
      const [author, reporter] = [await member('native-mod-author'), await member('native-mod-reporter')];
      const admin = await signIn(adminAccount().email, adminAccount().password);
      const channel = await call(chat, 'CreateChannel', { name: `native moderation ${randomUUID()}` }, author.token);
      const conversationId = channel.conversation.conversation_id;
      await onceChatKnows(() => call(chat, 'JoinChannel', { conversation_id: conversationId }, reporter.token),
        (error) => error.code === grpc.status.INVALID_ARGUMENT && String(error.details).includes(reporter.userId));
      const { message } = await call(chat, 'SendMessage',
        { conversation_id: conversationId, text: `native flood ${randomUUID()}`, client_message_id: randomUUID() }, author.token);

      const empty = await failure(call(moderation, 'ReportMessage', { message_id: message.message_id, reason: '' }, reporter.token));
      assert.equal(empty.code, grpc.status.INVALID_ARGUMENT, empty.message);
      assert.match(empty.details, /google\.rpc\.BadRequest[\s\S]*reason/, 'a BadRequest naming the reason');
      const { report } = await onceModerationKnows(
        () => call(moderation, 'ReportMessage', { message_id: message.message_id, reason: 'Flooding' }, reporter.token),
        (error) => error.code === grpc.status.NOT_FOUND);
      assert.equal(report.subject, 'REPORT_SUBJECT_MESSAGE');
      assert.equal(report.message_id, message.message_id);

      for (const [method, request] of [
        ['ResolveReport', { report_id: report.report_id, outcome: 'REPORT_OUTCOME_DISMISSED', note: 'no' }],
        ['ListAuditEntries', {}],
        ['VerifyAuditLog', {}],
      ]) {
        const refused = await failure(call(moderation, method, request, reporter.token));
        assert.equal(refused.code, grpc.status.PERMISSION_DENIED, `${method}: ${refused.message}`);
      }

      const resolved = await call(moderation, 'ResolveReport',
        { report_id: report.report_id, outcome: 'REPORT_OUTCOME_MESSAGE_REMOVED', note: 'Removed: flooding' }, admin.token);
      assert.equal(resolved.report.outcome, 'REPORT_OUTCOME_MESSAGE_REMOVED');
      assert.equal(resolved.report.resolved_by_user_id, admin.userId);
      const { messages } = await call(chat, 'ListMessages', { conversation_id: conversationId }, author.token);
      const removed = messages.find((m) => m.message_id === message.message_id);
      assert.deepEqual([removed?.deleted, removed?.text], [true, ''], 'a tombstone for the members');

      const { entries } = await call(moderation, 'ListAuditEntries',
        { subject: report.report_id, kind: 'moderation.ReportResolved' }, admin.token);
      assert.deepEqual(entries.map((e) => e.actor_user_id), [admin.userId]);
      const verified = await call(moderation, 'VerifyAuditLog', {}, admin.token);
      assert.equal(verified.intact, true, verified.problem);
    });
  });
});
