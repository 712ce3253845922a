// @vitest-environment jsdom
import { Code, ConnectError } from "@connectrpc/connect";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ReportMessageRequest, ReportProfileRequest } from "../gen/cohort/moderation/v1/moderation_pb";
import { renderScreen } from "../views/testing";
import { ReportButton } from "./ReportButton";
import { badRequest, fakeModeration, rateLimited } from "./testing";

afterEach(cleanup);

const MESSAGE = "00000000-0000-4000-8000-000000000042";
const PERSON = "7b1c3d1e-0000-4000-8000-000000000002";

function openDialog() {
  fireEvent.click(screen.getByRole("button", { name: "Report…" }));
  return screen.getByRole("dialog", { name: "Report this message" });
}

const reasonField = () => screen.getByLabelText("Reason");
const send = () => fireEvent.click(screen.getByRole("button", { name: "Send report" }));

describe("ReportButton", () => {
  it("sends a message report with the reason and confirms it", async () => {
    const asked: ReportMessageRequest[] = [];
    const moderation = fakeModeration({ reportMessage: async (request) => { asked.push(request); return {}; } });
    renderScreen(<ReportButton target={{ kind: "message", messageId: MESSAGE }} what="this message" />, { moderation });

    openDialog();
    expect(document.activeElement).toBe(reasonField());
    fireEvent.change(reasonField(), { target: { value: "  Insults a classmate  " } });
    send();

    expect(await screen.findByRole("status")).toHaveProperty("textContent", "Reported. Thank you: the moderators will look at it.");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(asked.map((r) => [r.messageId, r.reason])).toEqual([[MESSAGE, "Insults a classmate"]]);
  });

  it("sends a profile report with ReportProfile", async () => {
    const asked: ReportProfileRequest[] = [];
    const moderation = fakeModeration({ reportProfile: async (request) => { asked.push(request); return {}; } });
    renderScreen(<ReportButton target={{ kind: "profile", userId: PERSON }} what="Ada's profile" />, { moderation });

    fireEvent.click(screen.getByRole("button", { name: "Report…" }));
    fireEvent.change(screen.getByLabelText("Reason"), { target: { value: "Impersonates a teacher" } });
    send();

    await screen.findByRole("status");
    expect(asked.map((r) => [r.userId, r.reason])).toEqual([[PERSON, "Impersonates a teacher"]]);
  });

  it("requires a reason before any call", async () => {
    let calls = 0;
    const moderation = fakeModeration({ reportMessage: async () => { calls++; return {}; } });
    renderScreen(<ReportButton target={{ kind: "message", messageId: MESSAGE }} what="this message" />, { moderation });

    openDialog();
    fireEvent.change(reasonField(), { target: { value: "   " } });
    send();

    expect(screen.getByRole("alert").textContent).toBe("Say what is wrong.");
    expect(reasonField().getAttribute("aria-invalid")).toBe("true");
    fireEvent.change(reasonField(), { target: { value: "x".repeat(501) } });
    send();
    expect(screen.getByRole("alert").textContent).toBe("At most 500 characters.");
    expect(calls).toBe(0);
  });

  it("shows the server's field violation next to the reason", async () => {
    const moderation = fakeModeration({ reportMessage: async () => { throw badRequest("reason", "value must not be only spaces"); } });
    renderScreen(<ReportButton target={{ kind: "message", messageId: MESSAGE }} what="this message" />, { moderation });

    openDialog();
    fireEvent.change(reasonField(), { target: { value: "spam" } });
    send();

    const problem = await screen.findByText("value must not be only spaces");
    expect(reasonField().getAttribute("aria-describedby")).toBe(problem.id);
    expect(screen.getByRole("dialog")).toBeTruthy();
  });

  it("says too many reports, try later, when the server limits the reporter", async () => {
    const moderation = fakeModeration({ reportMessage: async () => { throw rateLimited(); } });
    renderScreen(<ReportButton target={{ kind: "message", messageId: MESSAGE }} what="this message" />, { moderation });

    openDialog();
    fireEvent.change(reasonField(), { target: { value: "spam" } });
    send();

    expect((await screen.findByRole("alert")).textContent).toBe("Too many reports: try later.");
  });

  it("shows other failures whole, and closes on Escape with the focus back on the button", async () => {
    const moderation = fakeModeration({ reportMessage: async () => { throw new ConnectError("no such message", Code.NotFound); } });
    renderScreen(<ReportButton target={{ kind: "message", messageId: MESSAGE }} what="this message" />, { moderation });

    const dialog = openDialog();
    fireEvent.change(reasonField(), { target: { value: "spam" } });
    send();
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("NOT_FOUND"));

    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Report…" }));
  });
});
