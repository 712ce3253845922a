import type { Profile } from "../gen/cohort/profile/v1/profile_pb";

/** BatchGetProfiles accepts at most this many ids per call (the contract's max_items). */
export const MAX_BATCH = 100;

/**
 * Collects the profile look-ups asked for within one tick and answers them with as few BatchGetProfiles calls as
 * possible: ids de-duplicated, at most {@link MAX_BATCH} per call. An id the service does not return (unknown, or
 * not visible to the caller: both answer alike) resolves to null. Caching is TanStack Query's job (usePeople): this
 * only merges the fetches that happen at the same time, e.g. the authors of a timeline's 50 messages.
 */
export interface ProfileBatcher {
  load(userId: string): Promise<Profile | null>;
}

export function createProfileBatcher(
  fetchBatch: (userIds: string[]) => Promise<Profile[]>,
  schedule: (run: () => void) => void = (run) => queueMicrotask(run),
): ProfileBatcher {
  let waiting = new Map<string, { resolve: (p: Profile | null) => void; reject: (e: unknown) => void }[]>();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = waiting;
    waiting = new Map();
    const ids = [...batch.keys()];
    for (let start = 0; start < ids.length; start += MAX_BATCH) {
      const chunk = ids.slice(start, start + MAX_BATCH);
      fetchBatch(chunk).then(
        (profiles) => {
          const byId = new Map(profiles.map((p) => [p.userId, p]));
          for (const id of chunk) {
            for (const waiter of batch.get(id) ?? []) {
              waiter.resolve(byId.get(id) ?? null);
            }
          }
        },
        (error: unknown) => {
          for (const id of chunk) {
            for (const waiter of batch.get(id) ?? []) {
              waiter.reject(error);
            }
          }
        },
      );
    }
  };

  return {
    load(userId) {
      return new Promise((resolve, reject) => {
        const waiters = waiting.get(userId) ?? [];
        waiters.push({ resolve, reject });
        waiting.set(userId, waiters);
        if (!scheduled) {
          scheduled = true;
          schedule(flush);
        }
      });
    },
  };
}
