// @vitest-environment jsdom
import { create } from "@bufbuild/protobuf";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BlockedUserSchema, ProfileSchema, type BlockedUser } from "../gen/cohort/profile/v1/profile_pb";
import { Relations } from "../views/Profile";
import { fakeProfiles, userId } from "./testing";
import { renderWithApp } from "./testingApp";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The button once it can be pressed (the page first asks whether I blocked the person). */
async function enabled(name: string): Promise<HTMLButtonElement> {
  const button = await screen.findByRole("button", { name }) as HTMLButtonElement;
  await waitFor(() => expect(button.disabled).toBe(false));
  return button;
}

const ada = create(ProfileSchema, { userId: userId(1), displayName: "Ada Lovelace", relationship: { following: false } });

describe("follow and block from a profile page", () => {
  it("offers to report the profile, in a dialog", async () => {
    const profiles = fakeProfiles({ listBlocked: () => ({ blocked: [], nextPageToken: "" }) });
    renderWithApp(<Relations profile={ada} />, profiles);

    fireEvent.click(await screen.findByRole("button", { name: "Report…" }));
    expect(screen.getByRole("dialog", { name: "Report Ada Lovelace's profile" })).toBeTruthy();
  });

  it("follows the person", async () => {
    const calls: string[] = [];
    const profiles = fakeProfiles({
      listBlocked: () => ({ blocked: [], nextPageToken: "" }),
      followUser(request) {
        calls.push(`follow ${request.userId}`);
        return { profile: create(ProfileSchema, { userId: userId(1), displayName: "Ada Lovelace", relationship: { following: true } }) };
      },
      getProfile: () => ({ profile: ada }),
    });
    renderWithApp(<Relations profile={ada} />, profiles);

    fireEvent.click(await enabled("Follow"));
    await waitFor(() => expect(calls).toEqual([`follow ${userId(1)}`]));
  });

  it("blocks after confirmation, then shows Unblock (also on a fresh page), and unblocks", async () => {
    let blocked: BlockedUser[] = [];
    const calls: string[] = [];
    const profiles = fakeProfiles({
      listBlocked: () => ({ blocked, nextPageToken: "" }),
      blockUser(request) {
        calls.push(`block ${request.userId}`);
        blocked = [create(BlockedUserSchema, { userId: request.userId, displayName: "Ada Lovelace" })];
        return {};
      },
      unblockUser(request) {
        calls.push(`unblock ${request.userId}`);
        blocked = [];
        return {};
      },
      getProfile: () => ({ profile: ada }),
    });
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
    renderWithApp(<Relations profile={ada} />, profiles);

    fireEvent.click(await enabled("Block…"));
    expect(await screen.findByRole("button", { name: "Unblock" })).toBeTruthy();
    expect(confirm).toHaveBeenCalledOnce();
    expect(screen.getByRole("status").textContent).toContain("Ada Lovelace is blocked");
    expect((screen.getByRole("button", { name: "Follow" }) as HTMLButtonElement).disabled).toBe(true);

    cleanup();
    renderWithApp(<Relations profile={ada} />, profiles);
    fireEvent.click(await enabled("Unblock"));
    expect(await screen.findByRole("button", { name: "Block…" })).toBeTruthy();
    expect(calls).toEqual([`block ${userId(1)}`, `unblock ${userId(1)}`]);
  });
});
