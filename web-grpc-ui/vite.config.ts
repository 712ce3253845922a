import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The gateway (dev/gateway, port 8080 under `./cohort up`) serves gRPC-Web at /<package>.<Service>/<Method>,
// REST under /v1/ and /.well-known/. The dev server forwards those there, so the app talks to its own origin
// in development just as it does when the gateway serves the built files.
const gateway = process.env.COHORT_GATEWAY ?? "http://localhost:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    // Packaged into the cohort-web-grpc-ui jar (see pom.xml); the gateway serves this classpath folder at /.
    outDir: "target/classes/cohort-web",
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      "^/(cohort|grpc)\\.[^/]+/": { target: gateway, changeOrigin: true },
      "/v1/": { target: gateway, changeOrigin: true },
      "/.well-known/": { target: gateway, changeOrigin: true },
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});
