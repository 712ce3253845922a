// REST through the gateway, as any HTTP client sees it: plain fetch and JSON, the routes transcoded from the
// contracts' google.api.http rules. A student's journey — register, sign in, search the catalog, enroll, form a
// study group, ask to join and be approved, open a direct conversation, send and list messages — and how each
// gRPC error reaches an HTTP client: the matching status and the google.rpc.Status (code, message, details) as
// the JSON body. Moderation as its users see it: a member reports a message, an admin resolves the report by
// removing the message, and the audit log keeps the action with its actor, its chain intact.
//
//   COHORT_GATEWAY_URL=http://127.0.0.1:8080 node --test node/rest-journey.test.mjs
//
// Answers use lowerCamelCase JSON names (as Envoy's transcoder prints them); query parameters use the proto field
// names (term_id), which both gateways accept. int64 values arrive as JSON strings (proto3 JSON mapping).

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  PASSWORD, adminAccount, detail, onceChatKnows, onceModerationKnows, required, restClient, uniqueEmail, unknownId,
} from './support.mjs';

const gateway = process.env.COHORT_GATEWAY_URL;

const rest = restClient(gateway);

/** A call that must succeed (2xx); returns its JSON body. */
async function ok(method, path, options) {
  const answer = await rest(method, path, options);
  assert.ok(answer.status >= 200 && answer.status < 300,
    `${method} ${path} answered ${answer.status}: ${answer.text}`);
  return answer.body;
}

/**
 * Asserts an error answer: the HTTP status, and a google.rpc.Status body with the gRPC code, a message, and an
 * ErrorInfo detail with the reason (and domain) given. Returns the body for further checks.
 */
function assertRpcError(answer, { http, code, reason, domain }) {
  assert.equal(answer.status, http, `expected HTTP ${http}, got ${answer.status}: ${answer.text}`);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/, 'the error body is JSON');
  assert.equal(answer.body.code, code, `google.rpc.Status code in ${answer.text}`);
  assert.ok(answer.body.message, `a message for people in ${answer.text}`);
  assert.ok(Array.isArray(answer.body.details), `details in ${answer.text}`);
  const info = detail(answer.body, 'google.rpc.ErrorInfo');
  assert.ok(info, `an ErrorInfo detail in ${answer.text}`);
  assert.equal(info.reason, reason);
  if (domain) {
    assert.equal(info.domain, domain);
  }
  return answer.body;
}

async function registerAndSignIn(prefix, displayName) {
  const email = uniqueEmail(prefix);
  const registered = await ok('POST', '/v1/identity/users:register', {
    body: { email, password: PASSWORD, displayName },
  });
  assert.equal(registered.user.email, email);
  assert.equal(registered.user.displayName, displayName);
  assert.deepEqual(registered.user.roles, ['ROLE_STUDENT']);
  assert.equal(registered.user.status, 'USER_STATUS_ACTIVE');
  const session = await ok('POST', '/v1/identity/sessions', { body: { email, password: PASSWORD } });
  assert.equal(session.user.userId, registered.user.userId);
  assert.equal(session.tokens.tokenType, 'Bearer');
  assert.ok(session.tokens.accessToken, 'Login returns an access token');
  return { email, userId: registered.user.userId, token: session.tokens.accessToken };
}

describe('REST through the gateway', () => {
  before(() => {
    required('COHORT_GATEWAY_URL');
  });

  describe('a student journey from sign-up to chat', () => {
    // Filled in step by step: each `it` builds on the ones before it (node:test runs them in order).
    let ada;
    let ben;
    let cleo;
    let section;
    let group;
    let joinRequest;
    let direct;

    it('registers three students, signs them in and reads an account back', async () => {
      [ada, ben, cleo] = [
        await registerAndSignIn('rest-ada', 'Ada REST'),
        await registerAndSignIn('rest-ben', 'Ben REST'),
        await registerAndSignIn('rest-cleo', 'Cleo REST'),
      ];
      const me = await ok('GET', '/v1/identity/me', { token: ada.token });
      assert.equal(me.user.userId, ada.userId);
      assert.equal(me.user.email, ada.email);
    });

    it('finds an open term, a course with free seats and a section that allows groups', async () => {
      const { terms } = await ok('GET', '/v1/course/terms', { token: ada.token });
      const openTerms = terms.filter((term) => term.state === 'TERM_STATE_OPEN');
      assert.ok(openTerms.length > 0, `an open term among ${JSON.stringify(terms)}`);

      for (const term of openTerms) {
        const { courses } = await ok('GET', '/v1/course/courses:search', {
          token: ada.token,
          query: { q: 'algorithms', term_id: term.termId, has_open_seats: true, page_size: 10 },
        });
        for (const course of courses) {
          const { sections } = await ok('GET', `/v1/course/courses/${course.courseId}/sections`, {
            token: ada.token,
            query: { term_id: term.termId },
          });
          for (const candidate of sections) {
            assert.equal(candidate.courseId, course.courseId);
            assert.equal(candidate.termId, term.termId);
          }
          section = sections.find((s) => s.termState === 'TERM_STATE_OPEN'
            && s.capacity - s.enrolledCount >= 3 && s.maxGroupSize >= 3);
          if (section) {
            break;
          }
        }
        if (section) {
          break;
        }
      }
      assert.ok(section, 'the demo catalog has an open section with 3 free seats and groups of 3 or more');
      const fetched = await ok('GET', `/v1/course/sections/${section.sectionId}`, { token: ada.token });
      assert.equal(fetched.section.sectionId, section.sectionId);
    });

    it('enrolls the three students in the section', async () => {
      for (const student of [ada, ben, cleo]) {
        const { enrollment } = await ok('POST', `/v1/course/sections/${section.sectionId}:enroll`, {
          token: student.token,
          body: {},
        });
        assert.equal(enrollment.sectionId, section.sectionId);
        assert.equal(enrollment.userId, student.userId);
        assert.equal(enrollment.status, 'ENROLLMENT_STATUS_ENROLLED');
      }
      const mine = await ok('GET', `/v1/course/me/enrollments/${section.sectionId}`, { token: ben.token });
      assert.equal(mine.enrollment.status, 'ENROLLMENT_STATUS_ENROLLED');
    });

    it('creates a study group that admits by approval, owned by its creator', async () => {
      const created = await ok('POST', '/v1/groups', {
        token: ada.token,
        body: {
          sectionId: section.sectionId,
          name: `REST study group ${randomUUID().slice(0, 8)}`,
          description: 'Created by the REST contract test',
          visibility: 'GROUP_VISIBILITY_APPROVAL',
        },
      });
      group = created.group;
      assert.equal(group.sectionId, section.sectionId);
      assert.equal(group.visibility, 'GROUP_VISIBILITY_APPROVAL');
      assert.equal(group.state, 'GROUP_STATE_ACTIVE');
      assert.equal(group.ownerUserId, ada.userId);
      assert.equal(group.memberCount, 1);
      assert.equal(group.maxMembers, section.maxGroupSize);
      assert.deepEqual(group.members.map((m) => [m.userId, m.role]), [[ada.userId, 'MEMBER_ROLE_OWNER']]);
    });

    it('takes a join request that waits for the owner', async () => {
      const asked = await ok('POST', `/v1/groups/${group.groupId}/joinRequests`, {
        token: ben.token,
        body: { message: 'May I join?' },
      });
      joinRequest = asked.request;
      assert.equal(joinRequest.groupId, group.groupId);
      assert.equal(joinRequest.userId, ben.userId);
      assert.equal(joinRequest.state, 'JOIN_REQUEST_STATE_PENDING');
      assert.equal(joinRequest.message, 'May I join?');

      const pending = await ok('GET', `/v1/groups/${group.groupId}/joinRequests`, { token: ada.token });
      assert.deepEqual(pending.requests.map((r) => r.requestId), [joinRequest.requestId]);
    });

    it('answers an approval by anyone but the owner as if the request did not exist: 404', async () => {
      const answer = await rest('POST', `/v1/groups/joinRequests/${joinRequest.requestId}:approve`, {
        token: cleo.token,
        body: {},
      });
      // A join request is visible only to its requester and the group's owner (ADR 24): no existence oracle.
      assertRpcError(answer, { http: 404, code: 5, reason: 'JOIN_REQUEST_NOT_FOUND', domain: 'group.cohort.dev' });

      const still = await ok('GET', `/v1/groups/${group.groupId}/joinRequests`, { token: ada.token });
      assert.deepEqual(still.requests.map((r) => r.state), ['JOIN_REQUEST_STATE_PENDING'], 'nothing changed');
    });

    it('lets the owner approve the request: the requester becomes a member', async () => {
      const approved = await ok('POST', `/v1/groups/joinRequests/${joinRequest.requestId}:approve`, {
        token: ada.token,
        body: {},
      });
      assert.equal(approved.request.state, 'JOIN_REQUEST_STATE_APPROVED');
      assert.equal(approved.request.decidedByUserId, ada.userId);
      assert.equal(approved.group.memberCount, 2);

      const { group: read } = await ok('GET', `/v1/groups/${group.groupId}`, { token: cleo.token });
      assert.deepEqual(read.members.map((m) => [m.userId, m.role]),
        [[ada.userId, 'MEMBER_ROLE_OWNER'], [ben.userId, 'MEMBER_ROLE_MEMBER']]);
      assert.equal(read.seatsLeft, read.maxMembers - 2);
      const { groups } = await ok('GET', '/v1/groups:mine', { token: ben.token });
      assert.ok(groups.some((g) => g.groupId === group.groupId), 'the group is among the new member\'s groups');
    });

    it('opens one direct conversation between two students, whoever opens it', async () => {
      const opened = await onceChatKnows(
        () => ok('POST', '/v1/directs', { token: ada.token, body: { participantUserIds: [ben.userId] } }),
        (error) => String(error.message).includes('"UNKNOWN_USER"'));
      direct = opened.conversation;
      assert.equal(opened.created, true);
      assert.equal(direct.kind, 'CONVERSATION_KIND_DIRECT');
      assert.equal(direct.private, true);
      assert.deepEqual(direct.members.map((m) => m.userId).sort(), [ada.userId, ben.userId].sort());

      const again = await ok('POST', '/v1/directs', { token: ben.token, body: { participantUserIds: [ada.userId] } });
      assert.equal(again.created, false);
      assert.equal(again.conversation.conversationId, direct.conversationId);
    });

    it('sends messages with gap-free sequences and lists them newest first', async () => {
      const path = `/v1/conversations/${direct.conversationId}/messages`;
      const first = await ok('POST', path, {
        token: ada.token,
        body: { text: 'Hello Ben, see you at the study group?', clientMessageId: 'rest-ada-1' },
      });
      assert.equal(first.message.conversationId, direct.conversationId);
      assert.equal(first.message.authorUserId, ada.userId);
      assert.equal(first.message.sequence, '1');
      assert.equal(first.message.clientMessageId, 'rest-ada-1');

      const reply = await ok('POST', path, { token: ben.token, body: { text: 'Yes, on Monday.', clientMessageId: 'rest-ben-1' } });
      assert.equal(reply.message.sequence, '2');

      // A retry with the same client id returns the stored message instead of posting it twice.
      const retried = await ok('POST', path, {
        token: ada.token,
        body: { text: 'Hello Ben, see you at the study group?', clientMessageId: 'rest-ada-1' },
      });
      assert.equal(retried.message.messageId, first.message.messageId);
      assert.equal(retried.message.sequence, '1');

      const listed = await ok('GET', path, { token: ben.token, query: { page_size: 10 } });
      assert.deepEqual(listed.messages.map((m) => [m.sequence, m.authorUserId, m.text]), [
        ['2', ben.userId, 'Yes, on Monday.'],
        ['1', ada.userId, 'Hello Ben, see you at the study group?'],
      ]);
      assert.equal(listed.nextPageToken, '');

      const seenByBen = await ok('GET', `/v1/conversations/${direct.conversationId}`, { token: ben.token });
      assert.equal(seenByBen.conversation.lastSequence, '2');
      assert.equal(seenByBen.conversation.unreadCount, '1', 'Ada\'s message is unread for Ben, his own is not');
    });

    it('keeps a direct conversation from anyone outside it: 404, so its existence does not leak', async () => {
      const answer = await rest('GET', `/v1/conversations/${direct.conversationId}/messages`, { token: cleo.token });
      assertRpcError(answer, { http: 404, code: 5, reason: 'CONVERSATION_NOT_FOUND', domain: 'chat.cohort.dev' });
    });

    it('limits how fast one user sends: 429 with RESOURCE_EXHAUSTED, RetryInfo and Retry-After', async () => {
      // Chat's per-user bucket holds 30 sends and refills 10 a second: bursts of 40 in parallel exhaust it
      // quickly whatever the machine's speed. At most 4 bursts, so the test stays bounded.
      const path = `/v1/conversations/${direct.conversationId}/messages`;
      let limited;
      let sent = 0;
      for (let burst = 0; burst < 4 && !limited; burst++) {
        const answers = await Promise.all(Array.from({ length: 40 }, () => rest('POST', path, {
          token: ben.token,
          body: { text: `burst ${burst} message ${sent++}`, clientMessageId: randomUUID() },
        })));
        for (const answer of answers) {
          assert.ok(answer.status === 200 || answer.status === 429, `a send answered ${answer.status}: ${answer.text}`);
        }
        limited = answers.find((answer) => answer.status === 429
          && detail(answer.body, 'google.rpc.ErrorInfo')?.domain === 'chat.cohort.dev');
      }
      assert.ok(limited, 'sending far beyond 10 messages a second is refused');
      const body = assertRpcError(limited, { http: 429, code: 8, reason: 'RATE_LIMITED', domain: 'chat.cohort.dev' });
      const retry = detail(body, 'google.rpc.RetryInfo');
      assert.ok(retry, `a RetryInfo detail in ${limited.text}`);
      assert.match(retry.retryDelay, /^\d+(\.\d+)?s$/, 'the retry delay as a JSON Duration');
      const delaySeconds = Number(retry.retryDelay.slice(0, -1));
      assert.ok(delaySeconds > 0 && delaySeconds <= 1, `one token comes back within a second (${retry.retryDelay})`);
      const retryAfter = limited.headers.get('retry-after');
      assert.ok(retryAfter, 'the gateway adds Retry-After for HTTP clients');
      assert.equal(retryAfter, String(Math.max(1, Math.ceil(delaySeconds))), 'Retry-After is the delay in whole seconds');
    });
  });

  describe('moderation: a report, its resolution and the audit log', () => {
    // Each `it` builds on the ones before it, like the journey above.
    let author;
    let reporter;
    let admin;
    let conversationId;
    let message;
    let report;

    it('lets a member report a message of a channel they share, once moderation has heard of it', async () => {
      [author, reporter] = [
        await registerAndSignIn('rest-mod-author', 'Author REST'),
        await registerAndSignIn('rest-mod-reporter', 'Reporter REST'),
      ];
      const { email, password } = adminAccount();
      const session = await ok('POST', '/v1/identity/sessions', { body: { email, password } });
      admin = { userId: session.user.userId, token: session.tokens.accessToken };
      assert.ok(session.user.roles.includes('ROLE_ADMIN'), `the stack's admin: ${JSON.stringify(session.user.roles)}`);

      const channel = await ok('POST', '/v1/channels', {
        token: author.token, body: { name: `rest moderation ${randomUUID().slice(0, 8)}` },
      });
      conversationId = channel.conversation.conversationId;
      await onceChatKnows(() => ok('POST', `/v1/conversations/${conversationId}:join`, { token: reporter.token, body: {} }),
        (error) => String(error.message).includes('"UNKNOWN_USER"'));
      ({ message } = await ok('POST', `/v1/conversations/${conversationId}/messages`, {
        token: author.token, body: { text: `rude words ${randomUUID()}`, clientMessageId: randomUUID() },
      }));

      ({ report } = await onceModerationKnows(
        () => ok('POST', '/v1/moderation/reports:message', {
          token: reporter.token, body: { messageId: message.messageId, reason: 'Insults a classmate' },
        }),
        (error) => String(error.message).includes('"MESSAGE_NOT_FOUND"')));
      assert.equal(report.subject, 'REPORT_SUBJECT_MESSAGE');
      assert.equal(report.reporterUserId, reporter.userId);
      assert.equal(report.reportedUserId, author.userId);
      assert.equal(report.conversationId, conversationId);
      assert.equal(report.messageId, message.messageId);
      assert.equal(report.messageSequence, message.sequence);
      assert.equal(report.reason, 'Insults a classmate');
      assert.equal(report.outcome ?? 'REPORT_OUTCOME_UNSPECIFIED', 'REPORT_OUTCOME_UNSPECIFIED', 'open');
    });

    it('refuses a report without a reason with 400 naming the field', async () => {
      const answer = await rest('POST', '/v1/moderation/reports:message', {
        token: reporter.token, body: { messageId: message.messageId, reason: '' },
      });
      const body = assertRpcError(answer, { http: 400, code: 3, reason: 'REQUEST_INVALID' });
      assert.deepEqual(detail(body, 'google.rpc.BadRequest').fieldViolations.map((v) => v.field), ['reason']);
    });

    it('refuses an admin RPC to a member with 403: PERMISSION_DENIED, and the report stays open', async () => {
      const answer = await rest('POST', `/v1/moderation/reports/${report.reportId}:resolve`, {
        token: reporter.token, body: { outcome: 'REPORT_OUTCOME_DISMISSED', note: 'I changed my mind' },
      });
      assertRpcError(answer, { http: 403, code: 7, reason: 'ROLE_REQUIRED' });
      assertRpcError(await rest('GET', '/v1/moderation/audit-entries', { token: reporter.token }),
        { http: 403, code: 7, reason: 'ROLE_REQUIRED' });
      assert.ok(await openReport(report.reportId), 'still in the admin\'s queue');
    });

    it('lists the report in the admin\'s queue, and resolving it removes the message from the conversation', async () => {
      const queued = await openReport(report.reportId);
      assert.ok(queued, 'the admin sees the open report');
      assert.equal(queued.messageId, message.messageId);

      const resolved = await ok('POST', `/v1/moderation/reports/${report.reportId}:resolve`, {
        token: admin.token, body: { outcome: 'REPORT_OUTCOME_MESSAGE_REMOVED', note: 'Removed: insults' },
      });
      assert.equal(resolved.report.outcome, 'REPORT_OUTCOME_MESSAGE_REMOVED');
      assert.equal(resolved.report.resolutionNote, 'Removed: insults');
      assert.equal(resolved.report.resolvedByUserId, admin.userId);
      assert.equal(await openReport(report.reportId), undefined, 'no longer open');

      const { messages } = await ok('GET', `/v1/conversations/${conversationId}/messages`, { token: reporter.token });
      const tombstone = messages.find((m) => m.messageId === message.messageId);
      assert.equal(tombstone?.deleted, true, `a tombstone in ${JSON.stringify(messages)}`);
      assert.ok(!messages.some((m) => m.text === message.text), 'the text is gone for the members');
    });

    it('keeps the action in the audit log with the admin as its actor, and the chain verifies intact', async () => {
      const { entries } = await ok('GET', '/v1/moderation/audit-entries', {
        token: admin.token, query: { subject: report.reportId, kind: 'moderation.ReportResolved' },
      });
      assert.deepEqual(entries.map((e) => [e.kind, e.actorUserId, e.subject]),
        [['moderation.ReportResolved', admin.userId, report.reportId]]);
      const actions = await ok('GET', '/v1/moderation/audit-entries', {
        token: admin.token,
        query: { actor_user_id: admin.userId, subject: author.userId, kind: 'moderation.ModerationActionTaken' },
      });
      assert.equal(actions.entries.length, 1, JSON.stringify(actions.entries));
      assert.match(actions.entries[0].details, new RegExp(message.messageId), 'the removal names the message');

      const verified = await ok('POST', '/v1/moderation/audit-entries:verify', { token: admin.token, body: {} });
      assert.equal(verified.intact, true, JSON.stringify(verified));
      assert.ok(Number(verified.entriesChecked) >= 2, `entries checked: ${verified.entriesChecked}`);
      assert.match(verified.headHash, /^[0-9a-f]{64}$/);
    });

    /** The open report with this id in the admin's queue (every page), or undefined. */
    async function openReport(reportId) {
      let pageToken = '';
      do {
        const page = await ok('GET', '/v1/moderation/reports', {
          token: admin.token, query: { page_size: 100, page_token: pageToken },
        });
        const found = (page.reports ?? []).find((r) => r.reportId === reportId);
        if (found) {
          return found;
        }
        pageToken = page.nextPageToken ?? '';
      } while (pageToken);
      return undefined;
    }
  });

  describe('errors as HTTP statuses with the google.rpc.Status in the body', () => {
    it('answers a malformed request body with 400: INVALID_ARGUMENT and the field violations', async () => {
      const answer = await rest('POST', '/v1/identity/users:register', {
        body: { email: 'not-an-email', password: PASSWORD, displayName: 'Malformed' },
      });
      const body = assertRpcError(answer, { http: 400, code: 3, reason: 'REQUEST_INVALID', domain: 'identity.cohort.dev' });
      const badRequest = detail(body, 'google.rpc.BadRequest');
      assert.ok(badRequest, `a BadRequest detail in ${answer.text}`);
      assert.deepEqual(badRequest.fieldViolations.map((v) => v.field), ['email']);
      assert.ok(badRequest.fieldViolations[0].description, 'the violation says what is wrong');
    });

    it('answers a protected route without a token with 401: UNAUTHENTICATED', async () => {
      assertRpcError(await rest('GET', '/v1/identity/me'),
        { http: 401, code: 16, reason: 'TOKEN_MISSING', domain: 'gateway.cohort.dev' });
      const forged = await rest('GET', '/v1/identity/me', { token: 'not.a.jwt' });
      assert.equal(forged.status, 401, forged.text);
      assert.equal(forged.body.code, 16);
    });

    it('answers an unknown group with 404: NOT_FOUND naming it', async () => {
      const { token } = await registerAndSignIn('rest-404', 'Not Found');
      const groupId = unknownId();
      const body = assertRpcError(await rest('GET', `/v1/groups/${groupId}`, { token }),
        { http: 404, code: 5, reason: 'GROUP_NOT_FOUND', domain: 'group.cohort.dev' });
      assert.equal(detail(body, 'google.rpc.ErrorInfo').metadata.groupId, groupId);
    });

    it('answers registering a taken e-mail with 409: ALREADY_EXISTS', async () => {
      const email = uniqueEmail('rest-409');
      await ok('POST', '/v1/identity/users:register', { body: { email, password: PASSWORD, displayName: 'First' } });
      const answer = await rest('POST', '/v1/identity/users:register', {
        body: { email: email.toUpperCase(), password: PASSWORD, displayName: 'Second' },
      });
      const body = assertRpcError(answer, { http: 409, code: 6, reason: 'EMAIL_TAKEN', domain: 'identity.cohort.dev' });
      assert.equal(detail(body, 'google.rpc.ErrorInfo').metadata.email, email, 'e-mails compare case-insensitively');
    });

    it('answers a body that is not JSON with 400', async () => {
      const answer = await rest('POST', '/v1/identity/sessions', { body: '{"email": ' });
      assert.equal(answer.status, 400, answer.text);
    });
  });
});
