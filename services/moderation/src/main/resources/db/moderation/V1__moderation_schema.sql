-- The audit log (ADR 0056): one row per recorded event or moderation action, in the order recorded. Each row's hash
-- covers its content and the previous row's hash, so changing or removing a row breaks the chain from there on.
create table audit_entries (
    sequence      bigint       primary key,
    kind          varchar(100) not null,
    actor_user_id uuid,
    subject       varchar(100) not null,
    occurred_at   timestamptz  not null,
    recorded_at   timestamptz  not null,
    -- The event recorded; moderation's own actions carry the id of the event they publish, so consuming that
    -- event back from Kafka finds it here and adds nothing.
    event_id      uuid         not null unique,
    details       text         not null,
    previous_hash bytea        not null,
    hash          bytea        not null
);

create index audit_entries_by_actor on audit_entries (actor_user_id, sequence);
create index audit_entries_by_subject on audit_entries (subject, sequence);
create index audit_entries_by_kind on audit_entries (kind, sequence);
create index audit_entries_by_time on audit_entries (occurred_at);

-- The end of the chain: one row, locked by each append, so entries are chained one after the other, and compared
-- by VerifyAuditLog with the last entry (removing the newest entries would otherwise leave a valid, shorter chain).
create table audit_head (
    singleton     boolean primary key default true check (singleton),
    last_sequence bigint  not null,
    last_hash     bytea   not null
);
insert into audit_head (last_sequence, last_hash) values (0, decode(repeat('00', 32), 'hex'));

-- Append-only for every role that does not bypass triggers: the service's own connections cannot rewrite or remove
-- an entry. A superuser can (session_replication_role = replica); the hash chain is what detects that (ADR 0056).
create function refuse_audit_rewrite() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % on % refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_entries_append_only before update or delete on audit_entries
    for each row execute function refuse_audit_rewrite();
create trigger audit_entries_no_truncate before truncate on audit_entries
    for each statement execute function refuse_audit_rewrite();
create trigger audit_head_no_delete before delete or truncate on audit_head
    for each statement execute function refuse_audit_rewrite();

-- Who is in which conversation and who wrote which message, from chat's events: who may report a message (a member
-- of its conversation) and who sees a report about it (the conversation's owners).
create table conversation_members (
    conversation_id uuid        not null,
    user_id         uuid        not null,
    role            varchar(16) not null,
    primary key (conversation_id, user_id)
);
create index conversation_members_by_user on conversation_members (user_id);

create table messages (
    message_id      uuid    primary key,
    conversation_id uuid    not null,
    sequence        bigint  not null,
    author_user_id  uuid    not null,
    deleted         boolean not null default false
);

-- Who has an account, from identity's UserRegistered: a profile report about anyone else is NOT_FOUND.
create table users (
    user_id uuid primary key
);

create table reports (
    report_id         uuid         primary key,
    subject           varchar(16)  not null check (subject in ('MESSAGE', 'PROFILE')),
    reporter_user_id  uuid         not null,
    reported_user_id  uuid         not null,
    conversation_id   uuid,
    message_id        uuid,
    message_sequence  bigint,
    reason            varchar(500) not null,
    created_at        timestamptz  not null,
    outcome           varchar(16),
    resolution_note   varchar(500),
    resolved_by       uuid,
    resolved_at       timestamptz,
    suspended_until   timestamptz,
    check ((subject = 'MESSAGE') = (message_id is not null))
);
-- The open queue, oldest first.
create index reports_open on reports (created_at, report_id) where outcome is null;
