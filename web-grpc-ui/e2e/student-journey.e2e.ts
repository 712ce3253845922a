// The web app in a real browser (Chromium driven by playwright-core) against a running platform: two people in
// two browser contexts (separate cookies and storage) do what students do, through the screens only; and what a
// moderator does with a student's report, signed in as the platform's admin.
//   COHORT_E2E_GATEWAY=http://localhost:8080 COHORT_E2E_ADMIN_EMAIL=admin@cohort.local \
//   COHORT_E2E_ADMIN_PASSWORD=... npm run test:browser
// With COHORT_E2E_SCREENSHOTS=<folder> it also saves the admin's reports queue there (docs/screenshots/admin-reports.png).
// The build runs it from contract-tests (FullStackContractTest), against the stack that class starts.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./browser.mjs";

const gateway = process.env.COHORT_E2E_GATEWAY;
if (!gateway) {
  throw new Error("set COHORT_E2E_GATEWAY to the gateway's URL, e.g. http://localhost:8080");
}

/** A section of the open term of the demo catalog that allows study groups (and that the demo data leaves alone). */
const COURSE = "CPSC 110";
const TERM = "2026W2";
const SECTION = "102";
/** Server-driven changes (a stream frame, a refetch) get this long to show. */
const SHOWS_WITHIN = 15_000;

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function newPerson(name: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: gateway, viewport: { width: 1200, height: 850 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("tab", { name: "Sign up" }).click();
  await page.getByLabel("E-mail").fill(`${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@e2e.cohort.local`);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Password").fill(`browser journey ${crypto.randomUUID()}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("link", { name: "My profile" }).waitFor({ timeout: SHOWS_WITHIN });
  return page;
}

/** The admin account the platform was started with (FullStackContractTest passes it). */
function adminAccount(): { email: string; password: string } {
  const email = process.env.COHORT_E2E_ADMIN_EMAIL;
  const password = process.env.COHORT_E2E_ADMIN_PASSWORD;
  if (!email || !password) {
    throw new Error("set COHORT_E2E_ADMIN_EMAIL and COHORT_E2E_ADMIN_PASSWORD to the stack's admin account");
  }
  return { email, password };
}

async function signIn(email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: gateway, viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto("/");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("link", { name: "My profile" }).waitFor({ timeout: SHOWS_WITHIN });
  return page;
}

async function go(page: Page, label: string): Promise<void> {
  await page.getByRole("navigation").getByRole("link", { name: label }).click();
}

/** A new public channel: `creator` makes it (and is left in it), `joiner` joins it from the directory. */
async function channelOfTwo(creator: Page, joiner: Page, prefix: string): Promise<string> {
  const name = `${prefix}-${crypto.randomUUID().slice(0, 6)}`;
  await go(creator, "Channels");
  await creator.getByLabel("Name", { exact: true }).fill(name);
  await creator.getByRole("button", { name: "Create channel" }).click();
  await creator.getByRole("heading", { name }).waitFor({ timeout: SHOWS_WITHIN });
  await go(joiner, "Channels");
  await joiner.getByRole("button", { name: `Join ${name}` }).click({ timeout: SHOWS_WITHIN });
  await joiner.getByRole("link", { name: `#${name}` }).waitFor({ timeout: SHOWS_WITHIN });
  return name;
}

async function enrolInTheSection(page: Page): Promise<void> {
  await go(page, "Courses");
  // The search runs as the student types (debounced): no button to press.
  await page.getByLabel("Search courses").fill(COURSE);
  const course = page.locator("li.card", { hasText: COURSE }).first();
  await course.getByRole("button", { name: "Sections" }).click();
  const row = course.locator("tr", { hasText: TERM }).filter({ has: page.locator("td", { hasText: new RegExp(`^${SECTION}$`) }) });
  await row.getByRole("button", { name: "Enroll" }).click();
  await expect.poll(() => row.getByText("Enrolled").isVisible(), { timeout: SHOWS_WITHIN }).toBe(true);
}

/** Whether the element is (at least partly) inside its scrolling container and the window. */
async function inView(locator: ReturnType<Page["locator"]>): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const scroller = element.closest(".messages")?.getBoundingClientRect();
    const within = (outer: { top: number; bottom: number }) => box.bottom > outer.top && box.top < outer.bottom;
    return within({ top: 0, bottom: window.innerHeight }) && (!scroller || within(scroller));
  });
}

/** Serious or critical axe-core violations on the page as it is now (rule id and the first offending node). */
async function seriousViolations(page: Page): Promise<string[]> {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, target: v.nodes[0]?.target.join(" ") ?? "" }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} at ${v.target}`);
}

describe("two students in two browsers", () => {
  it("sign up, enrol, form a group, chat live with threads, reactions and typing, and keep it all on reload", async () => {
    const [ana, ben] = await Promise.all([newPerson("Ana"), newPerson("Ben")]);
    await Promise.all([enrolInTheSection(ana), enrolInTheSection(ben)]);

    // Ana forms a group that people join by approval.
    const groupName = `Browser group ${crypto.randomUUID().slice(0, 6)}`;
    await go(ana, "Groups");
    await ana.getByLabel("Name", { exact: true }).fill(groupName);
    await ana.getByLabel("Who may join").selectOption({ label: "Those I approve" });
    await ana.getByRole("button", { name: "Create group" }).click();
    await ana.locator("li.card", { hasText: groupName }).waitFor({ timeout: SHOWS_WITHIN });

    // Ben asks to join; Ana sees the request (after a reload of her groups) and approves it.
    await go(ben, "Groups");
    const offer = ben.locator("li", { hasText: groupName });
    await offer.getByRole("button", { name: "Ask to join" }).click();
    await offer.getByText("Asked: waiting for the owner").waitFor({ timeout: SHOWS_WITHIN });
    await ana.reload();
    const requests = ana.getByRole("list", { name: `Requests to join ${groupName}` });
    await requests.getByRole("button", { name: "Approve" }).click({ timeout: SHOWS_WITHIN });
    await ana.getByRole("list", { name: `Members of ${groupName}` }).getByText("Ben").waitFor({ timeout: SHOWS_WITHIN });

    // Both open the group's conversation (chat creates it from group's events, a moment later).
    for (const page of [ana, ben]) {
      await expect.poll(async () => {
        await page.reload();
        await go(page, "Groups");
        const open = page.locator("li.card", { hasText: groupName }).getByRole("button", { name: "Open chat" });
        await open.or(page.locator("li.card", { hasText: groupName }).getByText("no chat yet")).first().waitFor();
        if (await open.isVisible()) {
          await open.click();
          return true;
        }
        return false;
      }, { timeout: 30_000, interval: 500 }).toBe(true);
      await page.getByRole("heading", { name: groupName }).waitFor({ timeout: SHOWS_WITHIN });
    }

    // Ben sees Ana typing, then her message within a second of her sending it.
    await ana.getByLabel("Message", { exact: true }).fill("Shall we meet before the lab?");
    await ben.getByText("Ana is typing…").waitFor({ timeout: 5_000 });
    const sentAt = Date.now();
    await ana.getByLabel("Message", { exact: true }).press("Enter");
    await ben.locator(".message", { hasText: "Shall we meet before the lab?" }).waitFor({ timeout: 5_000 });
    const latencyMs = Date.now() - sentAt;
    expect(latencyMs, `the message took ${latencyMs} ms to show for Ben`).toBeLessThan(1_000);

    // Ben replies in a thread; Ana sees the reply count and the reply in the thread panel.
    const inBen = ben.locator(".message", { hasText: "Shall we meet before the lab?" });
    await inBen.getByRole("button", { name: "Reply in thread" }).click();
    await ben.getByLabel("Reply", { exact: true }).fill("Yes, 2 pm at the library");
    await ben.getByRole("button", { name: "Reply", exact: true }).click();
    await ben.getByRole("complementary", { name: "Thread" }).getByText("Yes, 2 pm at the library").waitFor({ timeout: SHOWS_WITHIN });
    const inAna = ana.locator(".messages .message", { hasText: "Shall we meet before the lab?" });
    await inAna.getByRole("button", { name: "1 reply" }).click({ timeout: SHOWS_WITHIN });
    await ana.getByRole("complementary", { name: "Thread" }).getByText("Yes, 2 pm at the library").waitFor({ timeout: SHOWS_WITHIN });

    // Ana reacts; both see it.
    await inAna.getByRole("button", { name: "React with 👍" }).click();
    await inAna.getByRole("button", { name: "👍 1, including you" }).waitFor({ timeout: SHOWS_WITHIN });
    await ben.locator(".messages .message", { hasText: "Shall we meet before the lab?" })
      .getByRole("button", { name: "👍 1", exact: true }).waitFor({ timeout: SHOWS_WITHIN });

    // A reload keeps everything: the session (refresh cookie), the message, its reply and its reaction.
    for (const page of [ana, ben]) {
      await page.reload();
      const message = page.locator(".messages .message", { hasText: "Shall we meet before the lab?" });
      await message.waitFor({ timeout: SHOWS_WITHIN });
      await message.getByRole("button", { name: "1 reply" }).waitFor();
      await message.getByRole("button", { name: /^👍 1/ }).waitFor();
    }

    // No serious accessibility violation on the main screens.
    expect(await seriousViolations(ana), "chat").toEqual([]);
    await go(ana, "Groups");
    await ana.locator("li.card", { hasText: groupName }).waitFor();
    expect(await seriousViolations(ana), "groups").toEqual([]);
    await go(ana, "Courses");
    await ana.getByLabel("Search courses").waitFor();
    expect(await seriousViolations(ana), "courses").toEqual([]);
    await go(ana, "Home");
    await ana.getByRole("link", { name: new RegExp(COURSE) }).click({ timeout: SHOWS_WITHIN });
    await ana.getByRole("heading", { name: "Classmates" }).waitFor();
    await ana.getByText("Ben").first().waitFor({ timeout: SHOWS_WITHIN });
    expect(await seriousViolations(ana), "class page").toEqual([]);
    await go(ana, "Home");
    await ana.getByRole("heading", { name: "Recent conversations" }).waitFor();
    expect(await seriousViolations(ana), "home").toEqual([]);
  });
  it("find a message with the search box and open it in place, with read markers, and resume after the network drops", async () => {
    const [eve, finn] = await Promise.all([newPerson("Eve"), newPerson("Finn")]);
    await channelOfTwo(eve, finn, "e2e");
    await go(finn, "Home");

    // Eve writes a message with a rare word, then more than half a page of others (chat lets a person send 30 at
    // once, then 10 a second), so that the window around the word does not reach the newest.
    const word = `quokka${crypto.randomUUID().slice(0, 6)}`;
    const composer = eve.getByLabel("Message", { exact: true });
    await composer.fill(`The ${word} notes are in the shared folder`);
    await composer.press("Enter");
    const fillers = 32;
    for (let i = 1; i <= fillers; i++) {
      await composer.fill(`filler ${i}`);
      await composer.press("Enter");
    }
    await eve.locator(".messages .message:not(.pending)", { hasText: `filler ${fillers}` }).waitFor({ timeout: 30_000 });
    expect(await eve.locator(".message.pending.failed").count(), "every message was sent").toBe(0);

    // Finn, elsewhere, sees the unread count grow on Chat.
    const chatBadge = finn.getByRole("navigation").getByRole("link", { name: /^Chat/ }).locator(".badge");
    await expect.poll(() => chatBadge.textContent(), { timeout: SHOWS_WITHIN }).toBe(String(fillers + 1));

    // He finds the message with the search box (searchable a moment after it was written) and opens it.
    const search = finn.getByRole("combobox", { name: "Search messages, courses and people" });
    const found = finn.getByRole("option", { name: new RegExp(word) });
    await expect.poll(async () => {
      await search.fill("");
      await search.fill(word);
      await found.or(finn.getByText(`Nothing found for “${word}”.`)).first().waitFor({ timeout: SHOWS_WITHIN });
      return found.isVisible();
    }, { timeout: 30_000, interval: 500 }).toBe(true);
    expect(await found.locator("mark").first().textContent()).toBe(word);
    await search.press("Enter");

    // The conversation opens at that message, with the ones around it and the divider where his reading stopped.
    await expect.poll(() => new URL(finn.url()).search, { timeout: SHOWS_WITHIN }).toBe("?at=1");
    const opened = finn.locator('.messages .message[aria-current="true"]');
    await opened.waitFor({ timeout: SHOWS_WITHIN });
    expect(await opened.textContent()).toContain(word);
    expect(await inView(opened), "the found message is scrolled into view").toBe(true);
    await finn.getByRole("separator", { name: "New messages" }).waitFor();
    await finn.getByText("filler 20", { exact: true }).waitFor();
    expect(await finn.getByText(`filler ${fillers}`, { exact: true }).count(), "the newest are not loaded yet").toBe(0);

    // Jumping to the latest reads everything: the unread count clears. Bringing the button into view can itself
    // load the newer pages (the timeline loads more as its end comes into view), which replaces the button while
    // it is being clicked; either way the newest message must come, so press it for as long as it is offered.
    const jump = finn.getByRole("button", { name: "Jump to the latest" });
    const newest = finn.getByText(`filler ${fillers}`, { exact: true });
    await expect.poll(async () => {
      if (!(await newest.isVisible()) && await jump.isVisible()) {
        await jump.click({ timeout: 2_000 }).catch(() => undefined); // replaced mid-click: look again
      }
      return newest.isVisible();
    }, { timeout: SHOWS_WITHIN, interval: 250 }).toBe(true);
    await expect.poll(() => chatBadge.count(), { timeout: SHOWS_WITHIN }).toBe(0);
    expect(await seriousViolations(finn), "chat opened from a search").toEqual([]);

    // Finn's network drops; Eve writes three messages; the network comes back: he sees them all, in order,
    // without a reload, and the app said it was reconnecting meanwhile.
    await finn.getByText("● Live").waitFor({ timeout: SHOWS_WITHIN });
    await finn.context().setOffline(true);
    await finn.locator(".feed", { hasText: /Offline|Reconnecting/ }).waitFor({ timeout: SHOWS_WITHIN });
    for (let i = 1; i <= 3; i++) {
      await composer.fill(`while you were away ${i}`);
      await composer.press("Enter");
    }
    await eve.locator(".messages .message:not(.pending)", { hasText: "while you were away 3" }).waitFor({ timeout: SHOWS_WITHIN });
    expect(await finn.getByText(/while you were away/).count(), "nothing reaches Finn while offline").toBe(0);
    await finn.context().setOffline(false);
    await finn.getByText("while you were away 3", { exact: true }).waitFor({ timeout: SHOWS_WITHIN });
    const away = await finn.locator(".messages .message .text").allTextContents();
    expect(away.filter((text) => text.startsWith("while you were away"))).toEqual(
      ["while you were away 1", "while you were away 2", "while you were away 3"]);
    await finn.getByText("● Live").waitFor({ timeout: SHOWS_WITHIN });
  });

  it("find a public channel in the directory, join it and talk there", async () => {
    const [cleo, dev] = await Promise.all([newPerson("Cleo"), newPerson("Dev")]);
    const name = `e2e-${crypto.randomUUID().slice(0, 6)}`;
    await go(cleo, "Channels");
    await cleo.getByLabel("Name", { exact: true }).fill(name);
    await cleo.getByLabel("Topic", { exact: true }).fill("Made by the browser test");
    await cleo.getByRole("button", { name: "Create channel" }).click();
    await cleo.getByRole("heading", { name }).waitFor({ timeout: SHOWS_WITHIN });

    await go(dev, "Channels");
    await dev.getByRole("button", { name: `Join ${name}` }).click({ timeout: SHOWS_WITHIN });
    await dev.getByRole("link", { name: `#${name}` }).click({ timeout: SHOWS_WITHIN });
    await dev.getByLabel("Message", { exact: true }).fill("Hello from the directory");
    await dev.getByLabel("Message", { exact: true }).press("Enter");
    await cleo.locator(".messages .message", { hasText: "Hello from the directory" }).waitFor({ timeout: 5_000 });
    expect(await seriousViolations(dev), "chat of a channel").toEqual([]);
    await go(dev, "Channels");
    await dev.getByRole("button", { name: `Leave ${name}` }).waitFor();
    expect(await seriousViolations(dev), "channels").toEqual([]);
  });
});

describe("moderation in the browser", () => {
  it("a student reports a message; the admin removes it from the queue; it goes live for the members and the reporter hears", async () => {
    const [mia, noah] = await Promise.all([newPerson("Mia"), newPerson("Noah")]);

    // A student has no admin area: no link to it, and its address shows the not-found page.
    await noah.getByRole("link", { name: "My profile" }).waitFor();
    expect(await noah.getByRole("navigation").getByRole("link", { name: "Admin" }).count(), "no Admin link").toBe(0);
    await noah.goto("/admin");
    await noah.getByRole("heading", { name: "Page not found" }).waitFor({ timeout: SHOWS_WITHIN });
    expect(await noah.getByRole("tab", { name: "Reports" }).count(), "no reports queue").toBe(0);

    // Both in one public channel; Mia writes something that breaks the rules.
    const name = await channelOfTwo(mia, noah, "e2e-mod");
    await noah.getByRole("link", { name: `#${name}` }).click();
    await noah.getByRole("heading", { name }).waitFor({ timeout: SHOWS_WITHIN });
    const text = `Cheap essays written for you, ${crypto.randomUUID().slice(0, 8)}`;
    await mia.getByLabel("Message", { exact: true }).fill(text);
    await mia.getByLabel("Message", { exact: true }).press("Enter");
    const inNoah = noah.locator(".messages .message", { hasText: text });
    const inMia = mia.locator(".messages .message:not(.pending)", { hasText: text });
    await Promise.all([inNoah.waitFor({ timeout: SHOWS_WITHIN }), inMia.waitFor({ timeout: SHOWS_WITHIN })]);

    // Noah reports it. Moderation hears of the message from chat's events a moment after it was sent: until then
    // the report answers MESSAGE_NOT_FOUND in the dialog, and he sends it again.
    const reason = `Selling essays (${crypto.randomUUID().slice(0, 6)})`;
    const dialog = noah.getByRole("dialog", { name: "Report this message" });
    const reported = inNoah.getByRole("status").filter({ hasText: "Reported." });
    await expect.poll(async () => {
      if (await reported.isVisible()) {
        return true;
      }
      if (!(await dialog.isVisible())) {
        await inNoah.getByRole("button", { name: "Report…" }).click();
      }
      await dialog.getByLabel("Reason").fill(reason);
      await dialog.getByRole("button", { name: "Send report" }).click();
      const refused = dialog.getByRole("alert");
      await reported.or(refused).first().waitFor({ timeout: SHOWS_WITHIN });
      if (await refused.isVisible()) {
        expect(await refused.textContent(), "only 'not heard of yet' is worth another try").toContain("MESSAGE_NOT_FOUND");
        return false;
      }
      return true;
    }, { timeout: 30_000, interval: 500 }).toBe(true);

    // The admin finds the report in the queue with the message in its context.
    const { email, password } = adminAccount();
    const admin = await signIn(email, password);
    await admin.getByRole("navigation").getByRole("link", { name: "Admin" }).click();
    await admin.getByRole("tab", { name: "Reports", selected: true }).waitFor({ timeout: SHOWS_WITHIN });
    const card = admin.getByRole("article").filter({ hasText: reason });
    const more = admin.getByRole("button", { name: "More reports" });
    await expect.poll(async () => {
      await card.or(admin.getByText("No open reports.")).or(more).first().waitFor({ timeout: SHOWS_WITHIN });
      if (!(await card.isVisible()) && await more.isVisible()) {
        await more.click(); // older reports first: this one may be on a later page
      }
      return card.isVisible();
    }, { timeout: 30_000, interval: 200 }).toBe(true);
    const reportedInContext = card.getByRole("list", { name: "The message in context" }).locator('li[aria-current="true"]');
    await reportedInContext.waitFor({ timeout: SHOWS_WITHIN });
    expect(await reportedInContext.textContent()).toContain(text);
    const screenshots = process.env.COHORT_E2E_SCREENSHOTS;
    if (screenshots) {
      await card.scrollIntoViewIfNeeded();
      await admin.screenshot({ path: join(screenshots, "admin-reports.png") });
    }

    // She removes it, with a note.
    await card.getByRole("radio", { name: "Remove the message" }).check();
    await card.getByLabel(/^Note/).fill("Removed: advertising is not allowed here");
    await card.getByRole("button", { name: "Resolve", exact: true }).click();
    // Resolved, the report leaves the queue (the form's own "Resolved" notice goes with its card).
    await expect.poll(() => card.count(), { timeout: SHOWS_WITHIN }).toBe(0);

    // Both members, still on the conversation, see the message go without reloading.
    for (const page of [mia, noah]) {
      await expect.poll(() => page.locator(".messages .message", { hasText: text }).count(), { timeout: SHOWS_WITHIN }).toBe(0);
      await page.locator(".messages .message.deleted").getByText("(deleted)").waitFor({ timeout: SHOWS_WITHIN });
    }

    // Noah learns the outcome of his report in his notifications.
    await noah.getByRole("navigation").getByRole("link", { name: /Notifications/ }).click();
    await noah.getByText("Moderators removed the message you reported").waitFor({ timeout: SHOWS_WITHIN });
  });
});
