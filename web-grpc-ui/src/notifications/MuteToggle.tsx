import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApp } from "../context";
import { errorLine } from "../api/errors";

const MUTED = ["notification", "muted-conversations"] as const;

/** Whether a conversation is among the muted ones (the list comes from ListMutedConversations, at most 1,000). */
export function isMuted(mutedIds: readonly string[] | undefined, conversationId: string): boolean {
  return mutedIds?.includes(conversationId) ?? false;
}

/**
 * "Mute" / "Unmute" for one conversation: a muted conversation's mentions and direct messages make no
 * notification (in the app or by e-mail) until unmuted. The list of muted conversations is cached per sign-in.
 */
export function MuteToggle({ conversationId }: { conversationId: string }) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const muted = useQuery({
    queryKey: MUTED,
    queryFn: async () => (await api.notification.listMutedConversations({})).conversationIds,
    staleTime: 60_000,
  });
  const toggle = useMutation({
    mutationFn: async (mute: boolean) => {
      if (mute) {
        await api.notification.muteConversation({ conversationId });
      } else {
        await api.notification.unmuteConversation({ conversationId });
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: MUTED }),
  });
  if (muted.isPending) {
    return null;
  }
  const isOn = isMuted(muted.data, conversationId);
  return (
    <>
      <button className="link" aria-pressed={isOn} disabled={toggle.isPending}
        title={isOn ? "Notifications from this conversation are off" : "Turn off notifications from this conversation"}
        onClick={() => toggle.mutate(!isOn)}>
        {isOn ? "Unmute" : "Mute"}
      </button>
      {toggle.isError && <span className="field-error" role="alert">{errorLine(toggle.error)}</span>}
    </>
  );
}
