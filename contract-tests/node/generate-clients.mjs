// Generates the Connect-ES clients the gRPC-Web tests use into gen/, with buf and protoc-gen-es from
// node_modules (see buf.gen.yaml):
//  1. the Cohort contracts and what they import, from the descriptor set cohort-proto builds (a buf image: no
//     .proto imports or Buf Schema Registry needed); google/protobuf is left out (@bufbuild/protobuf/wkt has it);
//  2. google/rpc/error_details.proto (ErrorInfo, BadRequest, RetryInfo), which no contract imports but every
//     error carries.
// The Maven build prepares both inputs (target/descriptors, target/proto-imports), passes them in
// COHORT_DESCRIPTOR and COHORT_PROTO_IMPORTS and runs this before the tests; by hand: npm run generate.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const moduleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const descriptor = path.resolve(moduleDir, process.env.COHORT_DESCRIPTOR ?? 'target/descriptors/cohort.binpb');
const protoImports = path.resolve(moduleDir, process.env.COHORT_PROTO_IMPORTS ?? 'target/proto-imports');
const errorDetails = path.join(protoImports, 'google/rpc/error_details.proto');
const out = path.join(moduleDir, 'gen');

for (const [what, file] of [['descriptor set', descriptor], ['google/rpc/error_details.proto', errorDetails]]) {
  if (!existsSync(file)) {
    console.error(`generate-clients: no ${what} at ${file}; build it first: ./mvnw -o -pl contract-tests process-test-resources`);
    process.exit(1);
  }
}

rmSync(out, { recursive: true, force: true });
const bin = path.join(moduleDir, 'node_modules', '.bin');
const env = {
  ...process.env,
  PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
  // buf's cache under target/, not the user's home.
  BUF_CACHE_DIR: process.env.BUF_CACHE_DIR ?? path.join(moduleDir, 'target', 'contract-work', 'buf-cache'),
};

function bufGenerate(...args) {
  const run = spawnSync('buf', ['generate', ...args, '--template', path.join(moduleDir, 'buf.gen.yaml')],
    { cwd: moduleDir, env, stdio: 'inherit', shell: process.platform === 'win32' });
  if (run.status !== 0) {
    console.error(`generate-clients: buf generate ${args.join(' ')} failed${run.error ? `: ${run.error.message}` : ''}`);
    process.exit(run.status ?? 1);
  }
}

bufGenerate(descriptor, '--exclude-path', 'google/protobuf');
bufGenerate(protoImports, '--path', errorDetails);
console.log(`generate-clients: Connect-ES clients in ${out}`);
