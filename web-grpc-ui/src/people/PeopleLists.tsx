import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApp } from "../context";
import { ErrorBox, Spinner } from "../ui/common";
import {
  blockedByMeKey, blockedKey, blockedPage, findMyBlock, followsKey, followsPage, usePagedList, type FollowList,
} from "./lists";
import { Person } from "./Person";
import { profileKey, rememberProfile } from "./queries";

/** "Show more" under a paged list while the server has more; disabled while the next page loads. */
function ShowMore({ list }: { list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  if (!list.hasNextPage) {
    return null;
  }
  return (
    <button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
      {list.isFetchingNextPage ? "Loading…" : "Show more"}
    </button>
  );
}

/** The people I blocked (ListBlocked, a page at a time with "Show more"), each with Unblock. */
export function BlockedPeople() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const blocked = usePagedList(blockedKey, blockedPage(api.profile));
  const unblock = useMutation({
    mutationFn: (userId: string) => api.profile.unblockUser({ userId }),
    onSettled: (_answer, _error, userId) => Promise.all([
      queryClient.invalidateQueries({ queryKey: blockedKey }),
      queryClient.invalidateQueries({ queryKey: profileKey(userId) }),
    ]),
  });
  return (
    <div className="card stack" aria-labelledby="blocked-heading">
      <h3 id="blocked-heading">Blocked people</h3>
      {blocked.isPending && <Spinner />}
      <ErrorBox error={blocked.error ?? unblock.error} />
      {blocked.isSuccess && blocked.items.length === 0 && <p className="muted small">Nobody.</p>}
      <ul className="list">
        {blocked.items.map((b) => (
          <li key={b.userId} className="row spread">
            <span>{b.displayName || "Someone"}</span>
            <button onClick={() => unblock.mutate(b.userId)} disabled={unblock.isPending}>Unblock</button>
          </li>
        ))}
      </ul>
      <ShowMore list={blocked} />
    </div>
  );
}

/** A person's followers or the people they follow (only those visible to me), with "Show more". */
export function FollowPeople({ userId, which }: { userId: string; which: FollowList }) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const list = usePagedList(followsKey(userId, which), async (pageToken) => {
    const page = await followsPage(api.profile, userId, which)(pageToken);
    // The entries carry the profiles: every view of these people can use them without asking again.
    page.items.forEach((entry) => rememberProfile(queryClient, entry.profile));
    return page;
  });
  const title = which === "followers" ? "Followers" : "Following";
  return (
    <div className="card stack" aria-label={title}>
      <h3>{title}</h3>
      {list.isPending && <Spinner />}
      <ErrorBox error={list.error} />
      {list.isSuccess && list.items.length === 0 && <p className="muted small">Nobody yet.</p>}
      <ul className="list">
        {list.items.map((entry) => <li key={entry.userId}><Person userId={entry.userId} /></li>)}
      </ul>
      <ShowMore list={list} />
    </div>
  );
}

/** Whether I blocked `userId` (undefined while asking). */
export function useMyBlock(userId: string) {
  const { api } = useApp();
  return useQuery({ queryKey: blockedByMeKey(userId), queryFn: () => findMyBlock(api.profile, userId) });
}

/**
 * The page of a profile I cannot see: when it is because I blocked the person, say so and offer Unblock; otherwise
 * the same words as for someone who does not exist.
 */
export function HiddenProfile({ userId }: { userId: string }) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const block = useMyBlock(userId);
  const unblock = useMutation({
    mutationFn: () => api.profile.unblockUser({ userId }),
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: blockedKey }),
      queryClient.invalidateQueries({ queryKey: profileKey(userId) }),
    ]),
  });
  if (block.isPending) {
    return <Spinner label="Loading the profile…" />;
  }
  if (!block.data) {
    return <p className="muted">This profile does not exist or is not visible to you.</p>;
  }
  return (
    <div className="card stack">
      <p>You blocked {block.data.displayName || "this person"}: neither of you can see, follow or message the other.</p>
      <div className="row">
        <button onClick={() => unblock.mutate()} disabled={unblock.isPending}>
          {unblock.isPending ? "Unblocking…" : "Unblock"}
        </button>
      </div>
      <ErrorBox error={unblock.error} onDismiss={() => unblock.reset()} />
    </div>
  );
}
