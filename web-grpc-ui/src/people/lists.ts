import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";
import type { ProfileClient } from "../api/clients";
import type { BlockedUser, FollowEntry } from "../gen/cohort/profile/v1/profile_pb";

/** How many people one "Show more" adds to a list. */
export const LIST_PAGE_SIZE = 20;
/** Every query about the people I blocked starts with this key, so one invalidation refreshes them all. */
export const blockedKey: QueryKey = ["blocked"];
export const blockedByMeKey = (userId: string): QueryKey => ["blocked", "person", userId];
export const followsKey = (userId: string, which: FollowList): QueryKey => ["follows", which, userId];

export type FollowList = "followers" | "following";

/** One page of a list: its items and the token of the next page ("" at the end). */
export interface ListPage<T> {
  items: T[];
  nextPageToken: string;
}

/**
 * A list the server pages with page tokens, as TanStack Query's infinite query: the items of every page loaded so
 * far, in order, `hasNextPage` while the last page named a next one, and `fetchNextPage` for "Show more".
 */
export function usePagedList<T>(queryKey: QueryKey, fetchPage: (pageToken: string) => Promise<ListPage<T>>) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: "",
    getNextPageParam: (last: ListPage<T>) => last.nextPageToken || undefined,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** The people I blocked, newest first, a page at a time. */
export function blockedPage(api: ProfileClient, pageSize = LIST_PAGE_SIZE) {
  return async (pageToken: string): Promise<ListPage<BlockedUser>> => {
    const answer = await api.listBlocked({ pageSize, pageToken });
    return { items: answer.blocked, nextPageToken: answer.nextPageToken };
  };
}

/** A person's followers or the people they follow, newest first, a page at a time. */
export function followsPage(api: ProfileClient, userId: string, which: FollowList, pageSize = LIST_PAGE_SIZE) {
  return async (pageToken: string): Promise<ListPage<FollowEntry>> => {
    if (which === "followers") {
      const answer = await api.listFollowers({ userId, pageSize, pageToken });
      return { items: answer.followers, nextPageToken: answer.nextPageToken };
    }
    const answer = await api.listFollowing({ userId, pageSize, pageToken });
    return { items: answer.following, nextPageToken: answer.nextPageToken };
  };
}

/**
 * My block of `userId`, or null: the profile of someone I blocked answers NOT_FOUND like anyone hidden, so their
 * page asks my own list (ListBlocked, 100 a page, at most `maxPages` pages) to offer Unblock.
 */
export async function findMyBlock(api: ProfileClient, userId: string, maxPages = 10): Promise<BlockedUser | null> {
  const page = blockedPage(api, 100);
  let pageToken = "";
  for (let i = 0; i < maxPages; i++) {
    const { items, nextPageToken } = await page(pageToken);
    const found = items.find((blocked) => blocked.userId === userId);
    if (found) {
      return found;
    }
    if (!nextPageToken) {
      return null;
    }
    pageToken = nextPageToken;
  }
  return null;
}
