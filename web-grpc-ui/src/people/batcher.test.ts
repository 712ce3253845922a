import { QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { createProfileBatcher, MAX_BATCH } from "./batcher";
import { profileQuery } from "./queries";
import { fakeProfiles, profile, userId } from "./testing";

/** A profile service that knows people 1..999 except the hidden ones, and records each BatchGetProfiles call. */
function setUp(hidden: number[] = []) {
  const calls: string[][] = [];
  const profiles = fakeProfiles({
    batchGetProfiles(request) {
      calls.push([...request.userIds]);
      const visible = request.userIds.map((id) => Number(id.slice(-12))).filter((n) => !hidden.includes(n));
      return { profiles: visible.map(profile) };
    },
  });
  const batcher = createProfileBatcher(async (ids) => (await profiles.batchGetProfiles({ userIds: ids })).profiles);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // What usePeople does for the ids on screen: one query per person, all in the same tick.
  const show = (ids: string[]) => Promise.all(ids.map((id) => queryClient.fetchQuery(profileQuery(batcher, id))));
  return { calls, show, queryClient };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => userId(from + i));

describe("profiles batched for the people on screen", () => {
  let queryClient: QueryClient | undefined;
  afterEach(() => queryClient?.clear());

  it("fetches the authors of a 50-message timeline in one BatchGetProfiles call, each id once", async () => {
    const { calls, show, ...rest } = setUp();
    queryClient = rest.queryClient;
    // 50 messages by 20 people: ids repeat.
    const authors = Array.from({ length: 50 }, (_, i) => userId((i % 20) + 1));

    const shown = await show(authors);

    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(20);
    expect(new Set(calls[0]).size).toBe(20);
    expect(shown[0]?.displayName).toBe("Person 1");
    expect(shown[21]?.displayName).toBe("Person 2");
  });

  it("splits more than 100 ids into calls of at most 100", async () => {
    const { calls, show, ...rest } = setUp();
    queryClient = rest.queryClient;

    const shown = await show(range(1, 250));

    expect(calls.map((c) => c.length)).toEqual([MAX_BATCH, MAX_BATCH, 50]);
    expect(new Set(calls.flat()).size).toBe(250);
    expect(shown.every((p) => p !== null)).toBe(true);
  });

  it("does not fetch again the people already held, only the new ones", async () => {
    const { calls, show, ...rest } = setUp();
    queryClient = rest.queryClient;
    await show(range(1, 10));

    await show(range(5, 15));

    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(range(11, 15));
  });

  it("answers null for someone the service does not return (unknown or hidden alike)", async () => {
    const { show, ...rest } = setUp([2]);
    queryClient = rest.queryClient;

    const [one, two] = await show([userId(1), userId(2)]);

    expect(one?.displayName).toBe("Person 1");
    expect(two).toBeNull();
  });
});
