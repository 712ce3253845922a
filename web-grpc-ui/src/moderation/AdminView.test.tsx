// @vitest-environment jsdom
import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, createRouterTransport, type ServiceImpl } from "@connectrpc/connect";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { AuthSession } from "../auth/session";
import { ChatService, MessageSchema } from "../gen/cohort/chat/v1/chat_pb";
import { Role } from "../gen/cohort/common/v1/role_pb";
import { IdentityService, UserStatus } from "../gen/cohort/identity/v1/identity_pb";
import {
  AuditEntrySchema,
  ReportOutcome,
  ReportSchema,
  ReportSubject,
  type ListAuditEntriesRequest,
  type ResolveReportRequest,
} from "../gen/cohort/moderation/v1/moderation_pb";
import { ProfileSchema } from "../gen/cohort/profile/v1/profile_pb";
import { fakeProfiles } from "../people/testing";
import { ME, renderScreen } from "../views/testing";
import { AdminLink } from "./AdminLink";
import { AdminView } from "./AdminView";
import { badRequest, fakeModeration, tokenWith } from "./testing";

afterEach(cleanup);

const CONVERSATION = "2f6c1a52-6d8e-4f0e-9a57-0c1d2e3f4a5b";
const AUTHOR = "7b1c3d1e-0000-4000-8000-0000000000b0";
const REPORTER = "7b1c3d1e-0000-4000-8000-0000000000c0";
const messageId = (sequence: number) => `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`;

const messageReport = create(ReportSchema, {
  reportId: "aaaaaaaa-0000-4000-8000-000000000001", subject: ReportSubject.MESSAGE, reporterUserId: REPORTER,
  reportedUserId: AUTHOR, conversationId: CONVERSATION, messageId: messageId(7), messageSequence: 7n,
  reason: "Insults a classmate", createTime: timestampFromDate(new Date()),
});
const profileReport = create(ReportSchema, {
  reportId: "aaaaaaaa-0000-4000-8000-000000000002", subject: ReportSubject.PROFILE, reporterUserId: REPORTER,
  reportedUserId: AUTHOR, reason: "Impersonates a teacher",
});

/** A conversation holding messages 5..9, newest first as ListMessages answers. */
const chat = createClient(ChatService, createRouterTransport(({ service }) => service(ChatService, {
  listMessages: (request) => ({
    messages: [9, 8, 7, 6, 5].filter((s) => Math.abs(s - Number(request.aroundSequence)) <= 2).map((s) => create(MessageSchema, {
      messageId: messageId(s), conversationId: CONVERSATION, sequence: BigInt(s), authorUserId: AUTHOR, text: `line ${s}`,
    })),
  }),
})));

function renderAdmin(api: Record<string, unknown>) {
  return renderScreen(<AdminView />, { chat, ...api });
}

function openTab(name: string) {
  fireEvent.click(screen.getByRole("tab", { name }));
  expect(screen.getByRole("tab", { name }).getAttribute("aria-selected")).toBe("true");
}

describe("the Admin link", () => {
  it("is there only while the token grants ADMIN, and follows a new token", () => {
    const session = new AuthSession(async () => "unused");
    session.signIn(ME, tokenWith({ sub: ME.userId, roles: ["STUDENT"] }));
    render(<AdminLink session={session} active={false} />);
    expect(screen.queryByRole("link", { name: "Admin" })).toBeNull();

    act(() => session.signIn(ME, tokenWith({ sub: ME.userId, roles: ["STUDENT", "ADMIN"] })));
    expect(screen.getByRole("link", { name: "Admin" }).getAttribute("href")).toBe("/admin");
  });
});

describe("the admin area", () => {
  it("moves between its tabs with the arrow keys", async () => {
    renderAdmin({ moderation: fakeModeration({ listOpenReports: () => ({ reports: [] }) }) });
    const reports = screen.getByRole("tab", { name: "Reports" });
    fireEvent.keyDown(reports, { key: "ArrowRight" });
    expect(document.activeElement).toBe(screen.getByRole("tab", { name: "Audit log" }));
    expect(screen.getByRole("tab", { name: "Audit log" }).getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(document.activeElement!, { key: "End" });
    expect(screen.getByRole("tab", { name: "Users" }).getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    expect(screen.getByRole("tab", { name: "Reports" }).getAttribute("aria-selected")).toBe("true");
  });
});

describe("Reports", () => {
  it("shows a reported message with the ones around it, marked", async () => {
    renderAdmin({ moderation: fakeModeration({ listOpenReports: () => ({ reports: [messageReport] }) }) });
    expect(screen.getByRole("status").textContent).toContain("Loading reports");

    const context = await screen.findByRole("list", { name: "The message in context" });
    const lines = within(context).getAllByRole("listitem");
    expect(lines.map((li) => li.textContent?.split(": ").pop())).toEqual(["line 5", "line 6", "line 7", "line 8", "line 9"]);
    expect(lines[2]!.getAttribute("aria-current")).toBe("true");
    expect(screen.getByText("Insults a classmate")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open in the conversation" }).getAttribute("href")).toBe(`/chat/${CONVERSATION}?at=7`);
  });

  it("pages through the queue, and links to a conversation the admin may not read here", async () => {
    const tokens: string[] = [];
    const moderation = fakeModeration({
      listOpenReports: (request) => {
        tokens.push(request.pageToken);
        return request.pageToken === "" ? { reports: [profileReport], nextPageToken: "p2" } : { reports: [messageReport] };
      },
    });
    const hiddenChat = createClient(ChatService, createRouterTransport(({ service }) => service(ChatService, {
      listMessages: () => { throw new ConnectError("conversation not found", Code.NotFound); },
    })));
    renderScreen(<AdminView />, { moderation, chat: hiddenChat });

    fireEvent.click(await screen.findByRole("button", { name: "More reports" }));
    expect(await screen.findByText(/not open to you here/)).toBeTruthy();
    expect(screen.getAllByRole("article").map((a) => a.getAttribute("aria-label"))).toEqual(["Report of a profile", "Report of a message"]);
    expect(screen.getByRole("link", { name: "Open in the conversation" }).getAttribute("href")).toBe(`/chat/${CONVERSATION}?at=7`);
    expect(screen.queryByRole("button", { name: "More reports" })).toBeNull();
    expect(tokens).toEqual(["", "p2"]);
  });

  it("says so when there are none, and shows a failure", async () => {
    renderAdmin({ moderation: fakeModeration({ listOpenReports: () => ({ reports: [] }) }) });
    expect(await screen.findByText("No open reports.")).toBeTruthy();
    cleanup();

    renderAdmin({ moderation: fakeModeration({ listOpenReports: () => { throw new ConnectError("admins only", Code.PermissionDenied); } }) });
    expect((await screen.findByRole("alert")).textContent).toContain("PERMISSION_DENIED");
  });

  it("requires a note, shows the server's refusal of it, and resolves with the chosen outcome", async () => {
    const resolved: ResolveReportRequest[] = [];
    let open = [messageReport];
    const moderation = fakeModeration({
      listOpenReports: () => ({ reports: open }),
      resolveReport: (request) => {
        if (request.note === "bad") {
          throw badRequest("note", "value must not be only spaces");
        }
        resolved.push(request);
        open = [];
        return { report: { ...messageReport, outcome: request.outcome } };
      },
    });
    renderAdmin({ moderation });
    await screen.findByRole("list", { name: "The message in context" });
    const note = screen.getByLabelText(/^Note/);

    fireEvent.click(screen.getByRole("button", { name: "Resolve" }));
    expect(screen.getByRole("alert").textContent).toBe("A note is required.");
    fireEvent.change(note, { target: { value: "bad" } });
    fireEvent.click(screen.getByRole("button", { name: "Resolve" }));
    expect((await screen.findByRole("alert")).textContent).toBe("value must not be only spaces");
    expect(note.getAttribute("aria-invalid")).toBe("true");

    fireEvent.click(screen.getByRole("radio", { name: "Suspend" }));
    fireEvent.change(screen.getByLabelText("Suspend for"), { target: { value: String(7 * 24 * 3600 * 1000) } });
    fireEvent.change(note, { target: { value: "Third insult this week" } });
    fireEvent.click(screen.getByRole("button", { name: "Resolve" }));

    expect(await screen.findByText("No open reports.")).toBeTruthy();
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ reportId: messageReport.reportId, outcome: ReportOutcome.SUSPENDED, note: "Third insult this week" });
    expect(resolved[0]!.suspension?.seconds).toBe(7n * 24n * 3600n);
  });

  it("offers no message removal for a profile report, and sends no duration outside a suspension", async () => {
    const resolved: ResolveReportRequest[] = [];
    const moderation = fakeModeration({
      listOpenReports: () => ({ reports: [profileReport] }),
      resolveReport: (request) => { resolved.push(request); return { report: profileReport }; },
    });
    renderAdmin({ moderation });
    await screen.findByText("Impersonates a teacher");

    expect(screen.queryByRole("radio", { name: "Remove the message" })).toBeNull();
    expect(screen.getByRole("link", { name: "Open the profile" }).getAttribute("href")).toBe(`/people/${AUTHOR}`);
    fireEvent.click(screen.getByRole("radio", { name: "Warn" }));
    fireEvent.change(screen.getByLabelText(/^Note/), { target: { value: "First warning" } });
    fireEvent.click(screen.getByRole("button", { name: "Resolve" }));

    expect((await screen.findByRole("status")).textContent).toBe("Resolved: warn.");
    expect(resolved[0]).toMatchObject({ outcome: ReportOutcome.WARNED, note: "First warning" });
    expect(resolved[0]!.suspension).toBeUndefined();
  });
});

describe("Audit log", () => {
  const entry = (sequence: number) => create(AuditEntrySchema, {
    sequence: BigInt(sequence), kind: "identity.UserSuspended", subject: AUTHOR, actorUserId: ME.userId,
    details: `{"n":${sequence}}`, hash: `hash-${sequence}`,
  });

  it("filters, pages with the page token both ways, and shows a refused filter next to its field", async () => {
    const asked: ListAuditEntriesRequest[] = [];
    const moderation = fakeModeration({
      listOpenReports: () => ({ reports: [] }),
      listAuditEntries: (request) => {
        asked.push(request);
        if (request.actorUserId === "nope") {
          throw badRequest("actor_user_id", "value must be a valid UUID");
        }
        return request.pageToken === ""
          ? { entries: [entry(3), entry(2)], nextPageToken: "after-2" }
          : { entries: [entry(1)], nextPageToken: "" };
      },
    });
    renderAdmin({ moderation });
    openTab("Audit log");

    expect(await screen.findByText("hash-3", { exact: false })).toBeTruthy();
    const older = screen.getByRole("button", { name: "Older" }) as HTMLButtonElement;
    fireEvent.click(older);
    await waitFor(() => expect(screen.getAllByRole("row")).toHaveLength(2));
    expect(asked.at(-1)?.pageToken).toBe("after-2");
    expect(older.disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Newer" }));
    await waitFor(() => expect(screen.getAllByRole("row")).toHaveLength(3));

    fireEvent.change(screen.getByLabelText("Kind"), { target: { value: " identity.UserSuspended " } });
    fireEvent.change(screen.getByLabelText("Subject"), { target: { value: AUTHOR } });
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-12-01T10:00" } });
    fireEvent.click(screen.getByRole("button", { name: "Filter" }));
    await waitFor(() => expect(asked.at(-1)?.kind).toBe("identity.UserSuspended"));
    const filtered = asked.at(-1)!;
    expect(filtered).toMatchObject({ subject: AUTHOR, pageToken: "", actorUserId: "" });
    expect(timestampDate(filtered.occurredAfter!).getTime()).toBe(new Date("2026-12-01T10:00").getTime());
    expect(filtered.occurredBefore).toBeUndefined();

    const before = asked.length;
    fireEvent.change(screen.getByLabelText("Until"), { target: { value: "2026-11-30T10:00" } });
    fireEvent.click(screen.getByRole("button", { name: "Filter" }));
    expect(screen.getByRole("alert").textContent).toBe("Must be after From.");
    expect(asked).toHaveLength(before);
    fireEvent.change(screen.getByLabelText("Until"), { target: { value: "" } });

    fireEvent.change(screen.getByLabelText("Actor (user id)"), { target: { value: "nope" } });
    fireEvent.click(screen.getByRole("button", { name: "Filter" }));
    expect((await screen.findByRole("alert")).textContent).toBe("value must be a valid UUID");
    expect(screen.getByLabelText("Actor (user id)").getAttribute("aria-invalid")).toBe("true");
  });

  it("says when there are no entries", async () => {
    renderAdmin({ moderation: fakeModeration({ listAuditEntries: () => ({ entries: [] }) }) });
    openTab("Audit log");
    expect(await screen.findByText("No entries.")).toBeTruthy();
  });

  it("verifies the chain and shows what it found", async () => {
    let intact = true;
    const moderation = fakeModeration({
      listAuditEntries: () => ({ entries: [] }),
      verifyAuditLog: () => intact
        ? { intact: true, entriesChecked: 12n, headHash: "abc123" }
        : { intact: false, entriesChecked: 12n, firstBrokenSequence: 5n, problem: "hash does not match" },
    });
    renderAdmin({ moderation });
    openTab("Audit log");
    await screen.findByText("No entries.");

    fireEvent.click(screen.getByRole("button", { name: "Verify chain" }));
    expect((await screen.findByRole("status")).textContent).toBe("Intact: 12 entries checked. Head hash abc123");
    intact = false;
    fireEvent.click(screen.getByRole("button", { name: "Verify chain" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Broken at entry 5 (12 checked): hash does not match");
  });
});

describe("Users", () => {
  const ada = create(ProfileSchema, { userId: AUTHOR, displayName: "Ada Lovelace" });
  const EMAIL = "ada@cohort.local";

  async function openAccount() {
    openTab("Users");
    const search = screen.getByRole("combobox", { name: "Find a person" });
    fireEvent.change(search, { target: { value: "ada" } });
    await screen.findByRole("option", { name: /Ada Lovelace/ });
    fireEvent.keyDown(search, { key: "Enter" });
    return screen.findByRole("region", { name: "Account of Ada Lovelace" });
  }

  it("shows the account before any action, then suspends for some days, for good, reinstates and sets roles", async () => {
    const calls: string[] = [];
    const sent: { until?: Date }[] = [];
    const user = (status: UserStatus, roles: Role[], suspendUntil?: Date) => ({
      user: { userId: AUTHOR, email: EMAIL, displayName: "Ada Lovelace", status, roles,
        suspendUntil: suspendUntil ? timestampFromDate(suspendUntil) : undefined },
    });
    const identity = createClient(IdentityService, createRouterTransport(({ service }) => service(IdentityService, {
      getUser: (r) => { calls.push(`get ${r.userId}`); return user(UserStatus.ACTIVE, [Role.STUDENT]); },
      suspendUser: (r) => {
        calls.push(`suspend ${r.userId} ${r.reason}`);
        const until = r.until ? timestampDate(r.until) : undefined;
        sent.push({ until });
        return user(UserStatus.SUSPENDED, [Role.STUDENT], until);
      },
      reinstateUser: (r) => { calls.push(`reinstate ${r.userId}`); return user(UserStatus.ACTIVE, [Role.STUDENT]); },
      setUserRoles: (r) => { calls.push(`roles ${r.userId} ${r.roles.join(",")}`); return user(UserStatus.ACTIVE, r.roles); },
    } satisfies Partial<ServiceImpl<typeof IdentityService>>)));
    const profile = fakeProfiles({ searchPeople: (r) => ({ profiles: r.query === "ada" ? [ada] : [] }) });
    renderAdmin({ moderation: fakeModeration({ listOpenReports: () => ({ reports: [] }) }), identity, profile });
    const account = await openAccount();
    const state = () => within(account).getByTestId("account-state").textContent;

    await waitFor(() => expect(state()).toBe(`${EMAIL} · active · Student`));
    expect((within(account).getByRole("checkbox", { name: "Student" }) as HTMLInputElement).checked).toBe(true);

    fireEvent.click(within(account).getByRole("button", { name: "Suspend" }));
    expect(within(account).getByRole("alert").textContent).toBe("A reason is required.");
    fireEvent.change(within(account).getByLabelText("Reason for a suspension"), { target: { value: "Threats" } });
    fireEvent.change(within(account).getByRole("spinbutton", { name: "Days" }), { target: { value: "0" } });
    fireEvent.click(within(account).getByRole("button", { name: "Suspend" }));
    expect(within(account).getByRole("alert").textContent).toBe("Between 1 and 3650 days.");
    fireEvent.change(within(account).getByRole("spinbutton", { name: "Days" }), { target: { value: "7" } });
    const before = Date.now();
    fireEvent.click(within(account).getByRole("button", { name: "Suspend" }));
    expect((await within(account).findByRole("status")).textContent).toBe("Ada Lovelace is suspended.");
    const until = sent[0].until!;
    expect(until.getTime()).toBeGreaterThanOrEqual(before + 7 * 24 * 3600 * 1000);
    expect(until.getTime()).toBeLessThanOrEqual(Date.now() + 7 * 24 * 3600 * 1000);
    expect(state()).toBe(`${EMAIL} · suspended until ${until.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })} · Student`);

    fireEvent.click(within(account).getByRole("button", { name: "Reinstate" }));
    expect((await within(account).findByRole("status")).textContent).toBe("Ada Lovelace is reinstated.");
    expect(state()).toBe(`${EMAIL} · active · Student`);

    fireEvent.click(within(account).getByRole("radio", { name: "For good" }));
    fireEvent.click(within(account).getByRole("button", { name: "Suspend" }));
    await waitFor(() => expect(state()).toBe(`${EMAIL} · suspended for good · Student`));
    expect(sent[1].until).toBeUndefined();

    fireEvent.click(within(account).getByRole("checkbox", { name: "Instructor" }));
    fireEvent.click(within(account).getByRole("button", { name: "Save roles" }));
    expect((await within(account).findByRole("status")).textContent).toBe("Ada Lovelace's roles are saved.");
    expect(state()).toBe(`${EMAIL} · active · Student, Instructor`);

    expect(calls).toEqual([`get ${AUTHOR}`, `suspend ${AUTHOR} Threats`, `reinstate ${AUTHOR}`, `suspend ${AUTHOR} Threats`,
      `roles ${AUTHOR} ${Role.STUDENT},${Role.INSTRUCTOR}`]);
  });

  it("shows identity's refusal", async () => {
    const identity = createClient(IdentityService, createRouterTransport(({ service }) => service(IdentityService, {
      getUser: () => ({ user: { userId: AUTHOR, email: EMAIL, status: UserStatus.ACTIVE, roles: [Role.STUDENT] } }),
      reinstateUser: () => { throw new ConnectError("not suspended", Code.FailedPrecondition); },
    })));
    const profile = fakeProfiles({ searchPeople: () => ({ profiles: [ada] }) });
    renderAdmin({ moderation: fakeModeration({ listOpenReports: () => ({ reports: [] }) }), identity, profile });
    const account = await openAccount();

    fireEvent.click(await within(account).findByRole("button", { name: "Reinstate" }));
    expect((await within(account).findByRole("alert")).textContent).toContain("FAILED_PRECONDITION");
  });

  it("says when the account cannot be read", async () => {
    const identity = createClient(IdentityService, createRouterTransport(({ service }) => service(IdentityService, {
      getUser: () => { throw new ConnectError("no such user", Code.NotFound); },
    })));
    const profile = fakeProfiles({ searchPeople: () => ({ profiles: [ada] }) });
    renderAdmin({ moderation: fakeModeration({ listOpenReports: () => ({ reports: [] }) }), identity, profile });
    const account = await openAccount();

    expect((await within(account).findByRole("alert")).textContent).toContain("NOT_FOUND");
  });
});
