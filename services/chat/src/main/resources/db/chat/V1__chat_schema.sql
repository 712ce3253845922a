-- Conversations, members, messages and reactions. Posting takes the conversation's row lock
-- (SELECT ... FOR UPDATE) in the batch transaction that writes the messages, so sequence numbers are handed out
-- one conversation at a time: strictly increasing, no gaps, in commit order (ADR 0015).
create table conversations (
    id                        uuid          primary key,
    kind                      varchar(16)   not null check (kind in ('CHANNEL', 'DIRECT', 'GROUP')),
    name                      varchar(80)   not null default '',
    topic                     varchar(500)  not null default '',
    private                   boolean       not null default false,
    -- CHANNEL attached to a course section.
    section_id                uuid,
    -- GROUP: the study group, and the newest member list version of it applied here (older events are skipped).
    group_id                  uuid          unique,
    group_member_list_version bigint        not null default 0,
    -- DIRECT: the sorted participant ids joined by ','; one conversation per set of participants.
    direct_key                varchar(400)  unique,
    archived_at               timestamptz,
    -- The newest sequence handed out; the next message gets last_sequence + 1.
    last_sequence             bigint        not null default 0,
    last_message_at           timestamptz,
    created_at                timestamptz   not null,
    created_by                uuid,
    constraint conversations_kind_keys check (
        (kind = 'GROUP') = (group_id is not null) and (kind = 'DIRECT') = (direct_key is not null))
);

create table members (
    conversation_id    uuid        not null references conversations (id),
    user_id            uuid        not null,
    role               varchar(8)  not null check (role in ('OWNER', 'MEMBER')),
    joined_at          timestamptz not null,
    -- The highest sequence this member has read; only ever moves forward.
    last_read_sequence bigint      not null default 0,
    -- Join order (several members may join in one transaction, at the same instant).
    join_order         bigint      generated always as identity,
    primary key (conversation_id, user_id)
);
-- ListConversations, presence fan-out: a user's conversations.
create index members_user_idx on members (user_id);

create table messages (
    id                uuid          primary key,
    conversation_id   uuid          not null references conversations (id),
    sequence          bigint        not null,
    author_id         uuid          not null,
    -- Retries of one send carry the same id: the unique key below makes them return the first message.
    client_message_id varchar(64)   not null,
    -- Null once deleted: a deleted message keeps its place, never its content.
    text              varchar(4000),
    -- user_id:start:length entries joined by ';'; null once deleted or when there are none.
    mentions          varchar(4000),
    thread_root_id    uuid          references messages (id),
    reply_count       integer       not null default 0,
    pinned            boolean       not null default false,
    created_at        timestamptz   not null,
    edited_at         timestamptz,
    deleted_at        timestamptz,
    deleted_by        uuid,
    constraint messages_sequence_key unique (conversation_id, sequence),
    constraint messages_client_id_key unique (conversation_id, author_id, client_message_id),
    constraint messages_deleted_empty check (deleted_at is null or (text is null and mentions is null))
);
create index messages_thread_idx on messages (thread_root_id, sequence) where thread_root_id is not null;
create index messages_pinned_idx on messages (conversation_id, sequence) where pinned;

create table reactions (
    message_id uuid        not null references messages (id),
    user_id    uuid        not null,
    emoji      varchar(32) not null,
    created_at timestamptz not null,
    primary key (message_id, user_id, emoji)
);
