import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { fieldErrors } from "../api/errors";
import { useApp } from "../context";
import { Link, navigate } from "../router";
import { ErrorBox, Spinner } from "../ui/common";

const directoryKey = ["channels", "public"] as const;

/** The channel directory (ListPublicChannels): browse, join, leave, and create a channel. */
export function ChannelsView() {
  const { api, chat } = useApp();
  const queryClient = useQueryClient();
  const mine = useSyncExternalStore(chat.subscribe, () => chat.getSnapshot().conversations);
  const joined = new Set(mine.map((c) => c.conversationId));
  const directory = useInfiniteQuery({
    queryKey: directoryKey,
    queryFn: ({ pageParam }) => api.chat.listPublicChannels({ pageSize: 30, pageToken: pageParam }),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextPageToken || undefined,
  });
  const membership = useMutation({
    mutationFn: async ({ conversationId, join }: { conversationId: string; join: boolean }) => {
      if (join) {
        await api.chat.joinChannel({ conversationId });
      } else {
        await api.chat.leaveConversation({ conversationId });
      }
    },
    onSuccess: async () => {
      await chat.loadConversations();
      await queryClient.invalidateQueries({ queryKey: directoryKey });
    },
  });
  const channels = directory.data?.pages.flatMap((p) => p.channels) ?? [];
  return (
    <section className="page">
      <h2>Channels</h2>
      <CreateChannel onCreated={async (conversationId) => {
        await chat.loadConversations();
        await queryClient.invalidateQueries({ queryKey: directoryKey });
        navigate(`/chat/${conversationId}`);
      }} />
      <h3>Public channels</h3>
      {directory.isPending && <Spinner label="Loading channels…" />}
      <ErrorBox error={directory.error} />
      <ErrorBox error={membership.error} onDismiss={() => membership.reset()} />
      {directory.isSuccess && channels.length === 0 && <p className="muted">No public channels yet. Create the first.</p>}
      <ul className="list">
        {channels.map((c) => (
          <li key={c.conversationId} className="card row spread">
            <span>
              <strong>{joined.has(c.conversationId) ? <Link to={`/chat/${c.conversationId}`}>#{c.name}</Link> : `#${c.name}`}</strong>
              <span className="muted small"> · {c.memberCount} member{c.memberCount === 1 ? "" : "s"}</span>
              {c.topic && <div className="small">{c.topic}</div>}
            </span>
            {joined.has(c.conversationId) ? (
              <button disabled={membership.isPending} aria-label={`Leave ${c.name}`}
                onClick={() => membership.mutate({ conversationId: c.conversationId, join: false })}>Leave</button>
            ) : (
              <button className="primary" disabled={membership.isPending} aria-label={`Join ${c.name}`}
                onClick={() => membership.mutate({ conversationId: c.conversationId, join: true })}>Join</button>
            )}
          </li>
        ))}
      </ul>
      {directory.hasNextPage && (
        <button disabled={directory.isFetchingNextPage} onClick={() => void directory.fetchNextPage()}>More channels</button>
      )}
    </section>
  );
}

/** CreateChannel: a name, a topic, public or private; errors next to the field they concern (BadRequest). */
function CreateChannel({ onCreated }: { onCreated: (conversationId: string) => Promise<void> }) {
  const { api } = useApp();
  const [name, setName] = useState("");
  const [topic, setTopic] = useState("");
  const [privateChannel, setPrivateChannel] = useState(false);
  const create = useMutation({
    mutationFn: () => api.chat.createChannel({ name, topic, private: privateChannel }),
    onSuccess: async ({ conversation }) => {
      setName("");
      setTopic("");
      if (conversation) {
        await onCreated(conversation.conversationId);
      }
    },
  });
  const fields = fieldErrors(create.error);
  const general = create.error && Object.keys(fields).length === 0 ? create.error : null;
  return (
    <form className="card stack" onSubmit={(e: FormEvent) => { e.preventDefault(); create.mutate(); }}>
      <h3>Create a channel</h3>
      <label>Name
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required
          aria-invalid={fields.name !== undefined} aria-describedby={fields.name ? "channel-name-error" : undefined} />
      </label>
      {fields.name && <span id="channel-name-error" className="error-inline small" role="alert">{fields.name}</span>}
      <label>Topic
        <input value={topic} onChange={(e) => setTopic(e.target.value)} maxLength={500}
          aria-invalid={fields.topic !== undefined} aria-describedby={fields.topic ? "channel-topic-error" : undefined} />
      </label>
      {fields.topic && <span id="channel-topic-error" className="error-inline small" role="alert">{fields.topic}</span>}
      <label className="inline">
        <input type="checkbox" checked={privateChannel} onChange={(e) => setPrivateChannel(e.target.checked)} /> private (members only)
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={create.isPending}>Create channel</button>
        {create.isPending && <Spinner label="Creating…" />}
      </div>
      <ErrorBox error={general} />
    </form>
  );
}
