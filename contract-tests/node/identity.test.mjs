// The identity contract as a Node.js client sees it: grpc-js with stubs built at run time by proto-loader from
// proto/ itself (no generated code, no Java), against the service at IDENTITY_ADDRESS (host:port).
//
//   IDENTITY_ADDRESS=127.0.0.1:9101 node --test node/identity.test.mjs
//
// Imports of our protos: google/api and buf/validate from target/proto-imports (unpacked from the Maven jars by
// the build; override with COHORT_PROTO_IMPORTS), google/protobuf from protobufjs, which ships them.
// Messages keep the proto field names (keepCase), so fields read as in the .proto files: display_name, access_token.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const moduleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const protoDir = process.env.COHORT_PROTO_DIR ?? path.resolve(moduleDir, '../proto');
const protoImports = process.env.COHORT_PROTO_IMPORTS ?? path.resolve(moduleDir, 'target/proto-imports');
const address = process.env.IDENTITY_ADDRESS;

/** Every call gets a deadline; generous enough for password hashing on a busy 2-core machine. */
const CALL_DEADLINE_MS = 10_000;
/** Long and uncommon enough for the password policy (12 to 128 characters, not a common password). */
const PASSWORD = 'quiet lanterns drift over harbour';

function loadIdentityService() {
  const definition = protoLoader.loadSync('cohort/identity/v1/identity.proto', {
    includeDirs: [protoDir, protoImports],
    keepCase: true,
    enums: String,
    longs: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).cohort.identity.v1.IdentityService;
}

function uniqueEmail() {
  return `node-${randomBytes(8).toString('hex')}@example.org`;
}

describe('IdentityService, called from Node.js over gRPC', () => {
  let client;

  /** Calls a unary RPC with a deadline and, when given, a bearer token; resolves with the response. */
  function call(method, request, { token } = {}) {
    const metadata = new grpc.Metadata();
    if (token !== undefined) {
      metadata.set('authorization', `Bearer ${token}`);
    }
    return new Promise((resolve, reject) => {
      client[method](request, metadata, { deadline: Date.now() + CALL_DEADLINE_MS }, (error, response) =>
        error ? reject(error) : resolve(response));
    });
  }

  /** Asserts that the call fails with the given gRPC status code. */
  async function assertFailsWith(promise, expectedCode) {
    await assert.rejects(promise, (error) => {
      assert.equal(error.code, expectedCode,
        `expected ${grpc.status[expectedCode]} but got ${grpc.status[error.code] ?? error.code}: ${error.details}`);
      return true;
    });
  }

  async function register(email, displayName) {
    return call('Register', { email, password: PASSWORD, display_name: displayName });
  }

  before(() => {
    assert.ok(address, 'set IDENTITY_ADDRESS to the identity service (host:port)');
    const IdentityService = loadIdentityService();
    client = new IdentityService(address, grpc.credentials.createInsecure());
  });

  after(() => client?.close());

  it('registers, signs in, and reads the account back with the access token', async () => {
    const email = uniqueEmail();
    const displayName = 'Node Contract Client';

    const registered = await register(email, displayName);
    assert.ok(registered.user.user_id, 'Register returns the new user id');
    assert.equal(registered.user.email, email);
    assert.equal(registered.user.display_name, displayName);
    assert.deepEqual(registered.user.roles, ['ROLE_STUDENT']);
    assert.equal(registered.user.status, 'USER_STATUS_ACTIVE');

    const login = await call('Login', { email, password: PASSWORD });
    assert.equal(login.user.user_id, registered.user.user_id);
    assert.ok(login.tokens.access_token, 'Login returns an access token');
    assert.ok(login.tokens.refresh_token, 'Login returns a refresh token');
    assert.equal(login.tokens.token_type, 'Bearer');

    const me = await call('GetMe', {}, { token: login.tokens.access_token });
    assert.equal(me.user.user_id, registered.user.user_id);
    assert.equal(me.user.email, email);
    assert.equal(me.user.display_name, displayName);
  });

  it('refuses GetMe without an access token with UNAUTHENTICATED', async () => {
    await assertFailsWith(call('GetMe', {}), grpc.status.UNAUTHENTICATED);
  });

  it('refuses Register with a malformed e-mail with INVALID_ARGUMENT', async () => {
    await assertFailsWith(register('not-an-email', 'Bad E-mail'), grpc.status.INVALID_ARGUMENT);
  });

  it('refuses Login with a wrong password with UNAUTHENTICATED', async () => {
    const email = uniqueEmail();
    await register(email, 'Wrong Password');

    await assertFailsWith(call('Login', { email, password: `${PASSWORD} but wrong` }), grpc.status.UNAUTHENTICATED);
  });
});
