// How the browser tests and the screenshot script get a Chromium without downloading one at run time: a path in
// COHORT_CHROMIUM, else Debian's package where the machine has it, else the binary that the npm package
// @sparticuz/chromium ships inside itself (installed from the lockfile by npm ci, so a fresh machine has it too).
// Plain JavaScript so that both vitest and node (scripts/screenshots.mjs) load it.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** @returns {Promise<string>} the Chromium executable to drive */
export async function chromiumPath() {
  const configured = process.env.COHORT_CHROMIUM;
  if (configured) {
    return configured;
  }
  if (existsSync(DEBIAN_CHROMIUM)) {
    return DEBIAN_CHROMIUM;
  }
  // Unpacks the shipped binary (and the libraries it needs) into the temporary folder, once per machine.
  const packaged = (await import("@sparticuz/chromium")).default;
  return packaged.executablePath();
}

/** @returns {Promise<import("playwright-core").Browser>} a headless Chromium */
export async function launchChromium() {
  return chromium.launch({
    executablePath: await chromiumPath(),
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}
