// The browser suite: the built app in Chromium (playwright-core) against a running gateway (see e2e/).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
