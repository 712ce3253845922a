// Generates the TypeScript clients into src/gen/ with buf and protoc-gen-es (both from node_modules):
//  1. the Cohort contracts and what they import, from the descriptor set cohort-proto builds (an image: buf
//     needs neither the imports as files nor the BSR); google/protobuf is left out (@bufbuild/protobuf/wkt has it);
//  2. google/rpc/error_details.proto (ErrorInfo, BadRequest, RetryInfo), which no contract imports.
// The Maven build prepares both inputs (target/descriptors, target/proto-imports) and passes them in
// COHORT_DESCRIPTOR and COHORT_PROTO_IMPORTS; run by hand, the same defaults apply.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const descriptor = resolve(root, process.env.COHORT_DESCRIPTOR ?? "target/descriptors/cohort.binpb");
const protoImports = resolve(root, process.env.COHORT_PROTO_IMPORTS ?? "target/proto-imports");
const errorDetails = join(protoImports, "google/rpc/error_details.proto");
const out = join(root, "src/gen");

for (const [what, path] of [["descriptor set", descriptor], ["google/rpc/error_details.proto", errorDetails]]) {
  if (!existsSync(path)) {
    console.error(`generate: no ${what} at ${path}.\n` +
      "Build it first (from the repository root): ./mvnw -o -q -pl web-grpc-ui generate-sources");
    process.exit(1);
  }
}

rmSync(out, { recursive: true, force: true });
const bin = join(root, "node_modules/.bin");
const env = { ...process.env, PATH: `${bin}${process.platform === "win32" ? ";" : ":"}${process.env.PATH ?? ""}` };

function buf(...args) {
  const run = spawnSync("buf", ["generate", ...args, "--template", join(root, "buf.gen.yaml")],
    { cwd: root, env, stdio: "inherit", shell: process.platform === "win32" });
  if (run.status !== 0) {
    console.error(`generate: buf generate ${args.join(" ")} failed` + (run.error ? `: ${run.error.message}` : ""));
    process.exit(run.status ?? 1);
  }
}

buf(descriptor, "--exclude-path", "google/protobuf");
buf(protoImports, "--path", errorDetails);
console.log(`generate: TypeScript clients in ${out}`);
