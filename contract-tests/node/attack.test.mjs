// The attack suite: what an outside attacker or a careless client tries against the gateway's REST surface, with
// the routes generated from the contracts (every google.api.http binding and its access policy, read from proto/
// by proto-loader), so a new RPC is attacked without hand work:
//   - token tampering and algorithm confusion on every guarded route: 401, never the call;
//   - unknown ids on every route that takes one: never a 5xx; what the caller may not see answers exactly
//     like what does not exist;
//   - control characters and oversize values in every string field of every request body: 400, never a 5xx;
//   - forged page tokens on every list: 400 with reason INVALID_PAGE_TOKEN.
//
//   COHORT_GATEWAY_URL=http://127.0.0.1:8080 COHORT_PROTO_DIR=../proto node --test node/attack.test.mjs

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protoLoader from '@grpc/proto-loader';
import { PASSWORD, detail, required, restClient, uniqueEmail } from './support.mjs';

const gateway = required('COHORT_GATEWAY_URL');
const moduleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const protoDir = process.env.COHORT_PROTO_DIR ?? path.resolve(moduleDir, '../proto');
const protoImports = process.env.COHORT_PROTO_IMPORTS ?? path.resolve(moduleDir, 'target/proto-imports');


const definitions = protoLoader.loadSync([
  'cohort/identity/v1/identity.proto',
  'cohort/profile/v1/profile.proto',
  'cohort/course/v1/course.proto',
  'cohort/group/v1/group.proto',
  'cohort/chat/v1/chat.proto',
  'cohort/moderation/v1/moderation.proto',
], { includeDirs: [protoDir, protoImports], keepCase: true, enums: String, longs: String, defaults: true, oneofs: true });

/**
 * Every REST route of the contracts: { rpc, verb, template, body, public, request } where `request` is the
 * request message's descriptor (its fields, snake_case names, types as 'TYPE_STRING'...).
 */
function restRoutes() {
  const routes = [];
  for (const [name, definition] of Object.entries(definitions)) {
    if (!name.endsWith('Service') || typeof definition !== 'object' || definition.format) {
      continue;
    }
    for (const [method, rpc] of Object.entries(definition)) {
      const http = rpc.options?.['(google.api.http)'];
      if (!http) {
        continue;
      }
      const verb = ['get', 'post', 'put', 'patch', 'delete'].find((v) => http[v]);
      routes.push({
        rpc: `${name}/${method}`,
        verb: verb.toUpperCase(),
        template: http[verb],
        body: http.body,
        public: rpc.options?.['(cohort.common.v1.access)']?.public === true,
        request: rpc.requestType.type,
      });
    }
  }
  return routes;
}

const ROUTES = restRoutes();

/** The route's path variables ({conversation_id} -> conversation_id). */
function variables(route) {
  return [...route.template.matchAll(/\{([^}=]+)[^}]*\}/g)].map((m) => m[1]);
}

/** A concrete path: each variable a value from `values`, or a fresh UUID. */
function concretePath(route, values = {}) {
  return route.template.replace(/\{([^}=]+)[^}]*\}/g, (_, variable) => encodeURIComponent(values[variable] ?? randomUUID()));
}

/** The request's top-level string fields that travel in the JSON body (not path variables). */
function bodyStringFields(route) {
  if (route.body !== '*') {
    return [];
  }
  const inPath = new Set(variables(route));
  return route.request.field
    .filter((f) => f.type === 'TYPE_STRING' && f.label !== 'LABEL_REPEATED' && !inPath.has(f.name))
    .map((f) => f.jsonName || f.name.replace(/_([a-z])/g, (_, c) => c.toUpperCase()));
}

const rest = restClient(gateway);

function routeCall(route, options = {}) {
  const body = route.verb === 'GET' || route.verb === 'DELETE' ? undefined : (options.body ?? {});
  return rest(route.verb, concretePath(route, options.values), { ...options, body });
}

const base64url = (value) => Buffer.from(value).toString('base64url');

async function signUp(prefix) {
  const email = uniqueEmail(prefix);
  const registered = await rest('POST', '/v1/identity/users:register', {
    body: { email, password: PASSWORD, displayName: prefix },
  });
  assert.equal(registered.status, 200, registered.text);
  const session = await rest('POST', '/v1/identity/sessions', { body: { email, password: PASSWORD } });
  assert.equal(session.status, 200, session.text);
  return { userId: session.body.user.userId, token: session.body.tokens.accessToken };
}

describe('attacks on the gateway, generated from the contracts', () => {
  let ada;
  let grace;

  before(async () => {
    assert.ok(ROUTES.length > 30, `REST routes read from the contracts: ${ROUTES.length}`);
    ada = await signUp('attack-ada');
    grace = await signUp('attack-grace');
  });

  it('refuses tampered, unsigned and algorithm-confused tokens on every guarded route', async () => {
    const [header, payload, signature] = ada.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const jwks = await rest('GET', '/.well-known/jwks.json');
    assert.equal(jwks.status, 200, jwks.text);
    const publicKey = JSON.stringify(jwks.body.keys[0]);
    const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid;
    const otherSubject = base64url(JSON.stringify({ ...claims, sub: grace.userId, roles: ['ADMIN'] }));
    const noneHeader = base64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid }));
    const hsHeader = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid }));
    const hsSigned = createHmac('sha256', publicKey).update(`${hsHeader}.${payload}`).digest('base64url');
    const forgeries = {
      'payload changed, signature kept': `${header}.${otherSubject}.${signature}`,
      'alg none': `${noneHeader}.${payload}.`,
      'HS256 keyed with the public key': `${hsHeader}.${payload}.${hsSigned}`,
      'signature cut': `${header}.${payload}.`,
      'not a JWT': 'garbage',
    };

    const guarded = ROUTES.filter((route) => !route.public);
    assert.ok(guarded.length > 20, `guarded routes: ${guarded.length}`);
    const accepted = [];
    for (const route of guarded) {
      for (const [forgery, token] of Object.entries(forgeries)) {
        const answer = await routeCall(route, { token });
        if (answer.status !== 401) {
          accepted.push(`${route.verb} ${route.template} with ${forgery}: ${answer.status} ${answer.text}`);
        }
      }
      const missing = await routeCall(route, {});
      if (missing.status !== 401) {
        accepted.push(`${route.verb} ${route.template} without a token: ${missing.status}`);
      }
    }
    assert.deepEqual(accepted, []);
  });

  // An unknown parent may rightly answer an empty list (200): the rule is only that no id makes the server fail.
  it('answers unknown ids on every route that takes one without a server error', async () => {
    const withIds = ROUTES.filter((route) => !route.public && variables(route).length > 0);
    assert.ok(withIds.length > 10, `routes with ids: ${withIds.length}`);
    const failed = [];
    for (const route of withIds) {
      const answer = await routeCall(route, { token: grace.token });
      if (answer.status >= 500) {
        failed.push(`${route.verb} ${route.template}: ${answer.status} ${answer.text}`);
      }
    }
    assert.deepEqual(failed, []);
  });

  it('answers a conversation the caller may not see exactly like one that does not exist', async () => {
      const channel = await rest('POST', '/v1/channels', {
        token: ada.token, body: { name: `attack-${randomUUID().slice(0, 8)}`, private: true },
      });
      assert.equal(channel.status, 200, channel.text);
      const hidden = channel.body.conversation.conversationId;
      const onConversation = ROUTES.filter((route) => variables(route).includes('conversation_id') && !route.public);
      const differing = [];
      for (const route of onConversation) {
        const seen = await routeCall(route, { token: grace.token, values: { conversation_id: hidden } });
        const none = await routeCall(route, { token: grace.token });
        const reason = (answer) => detail(answer.body ?? {}, 'google.rpc.ErrorInfo')?.reason;
        if (seen.status !== none.status || reason(seen) !== reason(none)) {
          differing.push(`${route.verb} ${route.template}: hidden ${seen.status}/${reason(seen)}, `
            + `unknown ${none.status}/${reason(none)}`);
        }
      }
      assert.deepEqual(differing, []);
    });

  it('refuses control characters in every string field of every request body with 400, never a 5xx', async () => {
      const failed = [];
      for (const route of ROUTES.filter((r) => !r.public && bodyStringFields(r).length > 0)) {
        for (const field of bodyStringFields(route)) {
          const answer = await routeCall(route, { token: ada.token, body: { [field]: 'a\u0000b\u001bc' } });
          if (answer.status >= 500 || answer.status < 400) {
            failed.push(`${route.verb} ${route.template} ${field}: ${answer.status} ${answer.text}`);
          }
        }
      }
      const register = await rest('POST', '/v1/identity/users:register', {
        body: { email: uniqueEmail('attack-nul'), password: PASSWORD, displayName: 'Ada\u0000' },
      });
      if (register.status !== 400) {
        failed.push(`Register with a NUL in displayName: ${register.status} ${register.text}`);
      }
      assert.deepEqual(failed, []);
    });

  it('refuses oversize values in every string field of every request body, never with a 5xx', async () => {
    const huge = 'x'.repeat(100_000);
    const failed = [];
    for (const route of ROUTES.filter((r) => !r.public && bodyStringFields(r).length > 0)) {
      for (const field of bodyStringFields(route)) {
        const answer = await routeCall(route, { token: ada.token, body: { [field]: huge } });
        if (answer.status >= 500 || answer.status < 400) {
          failed.push(`${route.verb} ${route.template} ${field}: ${answer.status} ${answer.text.slice(0, 200)}`);
        }
      }
    }
    assert.deepEqual(failed, []);
  });

  // Lists that need other parameters (e.g. a section) are refused for those before a token is read: only lists
  // that answer 200 without a token can show how their token is checked.
  it('answers forged page tokens on every list with 400 and reason INVALID_PAGE_TOKEN', async () => {
      const lists = ROUTES.filter((route) => route.verb === 'GET' && !route.public && variables(route).length === 0
        && route.request.field.some((f) => f.name === 'page_token'));
      assert.ok(lists.length > 0, 'lists without path variables in the contracts');
      const forged = [
        'garbage',
        base64url(JSON.stringify({ v: 1, after: '00000000-0000-0000-0000-000000000000' })),
        base64url('\u0000\u0001\u0002'),
      ];
      const failed = [];
      let checked = 0;
      for (const route of lists) {
        const plain = await rest('GET', route.template, { token: ada.token });
        if (plain.status !== 200) {
          continue;
        }
        checked += 1;
        for (const token of forged) {
          const answer = await rest('GET', route.template, { token: ada.token, query: { page_token: token } });
          const reason = detail(answer.body ?? {}, 'google.rpc.ErrorInfo')?.reason;
          if (answer.status !== 400 || reason !== 'INVALID_PAGE_TOKEN') {
            failed.push(`${route.template} ?page_token=${token}: ${answer.status} ${answer.text}`);
          }
        }
      }
      assert.ok(checked >= 2, `lists that answer without parameters: ${checked}`);
      assert.deepEqual(failed, []);
    });
});
