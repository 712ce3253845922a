import { useQueries, useQuery } from "@tanstack/react-query";
import { createContext, useContext, useMemo } from "react";
import type { Profile } from "../gen/cohort/profile/v1/profile_pb";
import type { ProfileBatcher } from "./batcher";
import { profileQuery } from "./queries";

export const BatcherContext = createContext<ProfileBatcher | null>(null);

export function useBatcher(): ProfileBatcher {
  const batcher = useContext(BatcherContext);
  if (!batcher) {
    throw new Error("useBatcher outside the signed-in app");
  }
  return batcher;
}

/**
 * The profiles of these people, by id (undefined while loading, null when not visible). Every id on screen asks in
 * the same render, so the batcher sends them in one BatchGetProfiles call (≤100 ids each); the query cache keeps each
 * person for PROFILE_STALE_MS, so ids already held are not fetched again.
 */
export function usePeople(userIds: readonly string[]): Map<string, Profile | null | undefined> {
  const batcher = useBatcher();
  const unique = useMemo(() => [...new Set(userIds)], [userIds]);
  const results = useQueries({ queries: unique.map((id) => profileQuery(batcher, id)) });
  const map = new Map<string, Profile | null | undefined>();
  unique.forEach((id, i) => map.set(id, results[i]?.data));
  return map;
}

/** One person (shares the cache and the batching with usePeople). */
export function usePerson(userId: string): Profile | null | undefined {
  const batcher = useBatcher();
  return useQuery(profileQuery(batcher, userId)).data;
}
