import { QueryClient, type QueryKey } from "@tanstack/react-query";
import type { Profile } from "../gen/cohort/profile/v1/profile_pb";
import type { ProfileBatcher } from "./batcher";

/** How long a person's name and avatar count as fresh: names change rarely, and a page reload refetches anyway. */
export const PROFILE_STALE_MS = 5 * 60_000;

export const profileKey = (userId: string): QueryKey => ["profile", userId];
export const myProfileKey: QueryKey = ["profile", "me"];
export const privacyKey: QueryKey = ["privacy", "me"];

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false },
    },
  });
}

/** The query options of one person's profile, fetched through the batcher (so that ids seen together go in one call). */
export function profileQuery(batcher: ProfileBatcher, userId: string) {
  return {
    queryKey: profileKey(userId),
    queryFn: () => batcher.load(userId),
    staleTime: PROFILE_STALE_MS,
  };
}

/** After a call that answered with a fresh profile (follow, update, avatar): every view of that person updates. */
export function rememberProfile(client: QueryClient, profile: Profile | undefined): void {
  if (profile) {
    client.setQueryData(profileKey(profile.userId), profile);
  }
}
