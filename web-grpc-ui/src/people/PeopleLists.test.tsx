// @vitest-environment jsdom
import { create } from "@bufbuild/protobuf";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { BlockedUserSchema, FollowEntrySchema, type BlockedUser } from "../gen/cohort/profile/v1/profile_pb";
import { BlockedPeople, FollowPeople, HiddenProfile } from "./PeopleLists";
import { fakeProfiles, profile, userId } from "./testing";
import { renderWithApp } from "./testingApp";

afterEach(cleanup);

const blockedUser = (n: number): BlockedUser => create(BlockedUserSchema, { userId: userId(n), displayName: `Person ${n}` });

/** A server-side list of `count` people served in pages of the requested size, with page tokens "1", "2"… */
function pages<T>(items: T[], pageSize: number, pageToken: string): { page: T[]; next: string } {
  const start = pageToken ? Number(pageToken) * pageSize : 0;
  const next = start + pageSize < items.length ? String(start / pageSize + 1) : "";
  return { page: items.slice(start, start + pageSize), next };
}

describe("the blocked list", () => {
  it("shows a page, then the next one with Show more, until there is no more", async () => {
    const everyone = Array.from({ length: 25 }, (_, i) => blockedUser(i + 1));
    const asked: string[] = [];
    const profiles = fakeProfiles({
      listBlocked(request) {
        asked.push(request.pageToken);
        const { page, next } = pages(everyone, request.pageSize, request.pageToken);
        return { blocked: page, nextPageToken: next };
      },
    });
    renderWithApp(<BlockedPeople />, profiles);

    expect(await screen.findByText("Person 20")).toBeTruthy();
    expect(screen.queryByText("Person 21")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Show more" }));
    expect(await screen.findByText("Person 25")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Show more" })).toBeNull();
    expect(asked).toEqual(["", "1"]);
  });

  it("unblocks a person and reads the list again", async () => {
    let blocked = [blockedUser(1), blockedUser(2)];
    const unblocked: string[] = [];
    const profiles = fakeProfiles({
      listBlocked: () => ({ blocked, nextPageToken: "" }),
      unblockUser(request) {
        unblocked.push(request.userId);
        blocked = blocked.filter((b) => b.userId !== request.userId);
        return {};
      },
    });
    renderWithApp(<BlockedPeople />, profiles);

    await screen.findByText("Person 1");
    fireEvent.click(screen.getAllByRole("button", { name: "Unblock" })[0]);
    await waitFor(() => expect(screen.queryByText("Person 1")).toBeNull());
    expect(unblocked).toEqual([userId(1)]);
    expect(screen.getByText("Person 2")).toBeTruthy();
  });
});

describe("followers and following", () => {
  it("list the people with their names, a page at a time", async () => {
    const followers = Array.from({ length: 23 }, (_, i) => create(FollowEntrySchema, { userId: userId(i + 1), profile: profile(i + 1) }));
    const profiles = fakeProfiles({
      listFollowers(request) {
        expect(request.userId).toBe(userId(99));
        const { page, next } = pages(followers, request.pageSize, request.pageToken);
        return { followers: page, nextPageToken: next };
      },
      batchGetProfiles: (request) => ({ profiles: request.userIds.map((id) => profile(Number(id.slice(-12)))) }),
    });
    renderWithApp(<FollowPeople userId={userId(99)} which="followers" />, profiles);

    expect(await screen.findByText("Person 20")).toBeTruthy();
    expect(screen.queryByText("Person 21")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Show more" }));
    expect(await screen.findByText("Person 23")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Show more" })).toBeNull();
  });
});

describe("the page of a profile I cannot see", () => {
  it("offers Unblock when I blocked the person, and reads the profile again after it", async () => {
    let blocked = [blockedUser(7)];
    const profiles = fakeProfiles({
      listBlocked: () => ({ blocked, nextPageToken: "" }),
      unblockUser() {
        blocked = [];
        return {};
      },
    });
    renderWithApp(<HiddenProfile userId={userId(7)} />, profiles);

    expect(await screen.findByText(/You blocked Person 7/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Unblock" }));
    expect(await screen.findByText("This profile does not exist or is not visible to you.")).toBeTruthy();
  });

  it("says only that it is not visible when I did not block them (blocked by them or hidden alike)", async () => {
    const profiles = fakeProfiles({ listBlocked: () => ({ blocked: [blockedUser(8)], nextPageToken: "" }) });
    renderWithApp(<HiddenProfile userId={userId(7)} />, profiles);

    expect(await screen.findByText("This profile does not exist or is not visible to you.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Unblock" })).toBeNull();
  });
});
