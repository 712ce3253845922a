// Saves screenshots of the app's main screens to docs/screenshots/ (shown in the README), signed in as the first
// demo student of a running `./cohort up` (whose password it reads from the stack's secrets).
//   npm run screenshots                      # against http://localhost:8080 and ../.cohort
//   COHORT_GATEWAY=http://localhost:18080 COHORT_HOME=/path/to/.cohort npm run screenshots
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../e2e/browser.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const gateway = process.env.COHORT_GATEWAY ?? "http://localhost:8080";
const home = process.env.COHORT_HOME ?? join(root, ".cohort");
const email = "ada@cohort.local";
const password = readFileSync(join(home, "secrets", "demo-ada"), "utf8").trim();
const out = join(root, "docs", "screenshots");
mkdirSync(out, { recursive: true });

const browser = await launchChromium();
try {
  for (const [width, height, suffix] of [[1280, 800, ""], [390, 844, "-phone"]]) {
    const context = await browser.newContext({ baseURL: gateway, viewport: { width, height }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Recent conversations" }).waitFor();
    // The live feed keeps a request open, so "network idle" never comes: wait for what the screen shows.
    await page.locator(".card", { hasText: "Recent conversations" }).locator("li").first().waitFor();
    await page.locator(".card", { hasText: "My groups" }).locator("li").first().waitFor();
    await page.screenshot({ path: join(out, `home${suffix}.png`) });

    await page.getByRole("link", { name: /^CPSC/ }).first().click();
    await page.getByRole("heading", { name: "Classmates" }).waitFor();
    await page.locator(".lessons li").first().waitFor();
    await page.screenshot({ path: join(out, `class${suffix}.png`) });

    await page.goto("/courses");
    await page.getByLabel("Department").fill("CPSC");
    await page.locator("li.card").first().waitFor();
    await page.screenshot({ path: join(out, `catalog${suffix}.png`) });

    await page.goto("/groups");
    await page.getByRole("heading", { name: "Requests to join" }).first().waitFor();
    await page.screenshot({ path: join(out, `groups${suffix}.png`) });

    await page.goto("/chat");
    await page.getByRole("link", { name: /general/ }).click();
    await page.locator(".messages .message").first().waitFor();
    await page.locator(".thread-link", { hasText: /repl/ }).last().click();
    await page.getByRole("complementary", { name: "Thread" }).locator(".message").nth(1).waitFor();
    await page.getByText("Loading replies…").waitFor({ state: "hidden" });
    await page.screenshot({ path: join(out, `chat${suffix}.png`) });

    // The search box: messages, courses and people as you type, the matched words marked; a message result
    // opens its conversation at that message.
    const search = page.getByRole("combobox", { name: "Search messages, courses and people" });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(0, 0); // no result under the pointer: the first is the active one
    await search.fill("notes");
    await page.getByRole("listbox", { name: "Search results" }).getByRole("option").first().waitFor();
    await page.screenshot({ path: join(out, `search${suffix}.png`) });
    await search.press("Enter");
    await page.locator('.messages .message[aria-current="true"]').waitFor();
    await page.screenshot({ path: join(out, `chat-at-message${suffix}.png`) });
    await context.close();
    console.log(`saved ${width}x${height} screenshots to ${out}`);
  }
} finally {
  await browser.close();
}
