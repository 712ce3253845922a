// The end-to-end suite: the app's client code against a running gateway (see src/gateway.e2e.ts).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.e2e.ts"],
    testTimeout: 30_000,
  },
});
