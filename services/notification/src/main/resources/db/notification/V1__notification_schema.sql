-- The people notifications are for, from identity's UserRegistered (e-mail address, name) and their own settings.
-- A row may be made before its registration arrives (events of different topics come in any order): e-mail and
-- name stay null until then, and no e-mail is sent to it.
create table recipients (
    user_id            uuid         primary key,
    email              varchar(254),
    display_name       varchar(80),
    -- The id of the person's newest notification: ids count 1, 2, 3, ... per person. Taken under this row's lock,
    -- so ids are committed in their order and a stream resuming after id n misses nothing.
    last_id            bigint       not null default 0,
    -- How many of the person's notifications are unread; kept with every change, so the bell costs no count.
    unread_count       bigint       not null default 0 check (unread_count >= 0),
    time_zone          varchar(64)  not null default 'UTC',
    -- Quiet hours of e-mail, minutes after midnight in time_zone; equal means none.
    quiet_start_minute smallint     not null default 0 check (quiet_start_minute between 0 and 1439),
    quiet_end_minute   smallint     not null default 0 check (quiet_end_minute between 0 and 1439)
);

create table notifications (
    user_id          uuid         not null references recipients (user_id),
    id               bigint       not null,
    kind             varchar(32)  not null,
    title            varchar(200) not null,
    body             varchar(500) not null default '',
    created_at       timestamptz  not null,
    read_at          timestamptz,
    actor_user_id    uuid,
    conversation_id  uuid,
    message_id       uuid,
    group_id         uuid,
    section_id       uuid,
    target_user_id   uuid,
    -- The e-mail (digest) it goes out in; null when it is not e-mailed.
    email_id         bigint,
    -- Shown in the app (listed, counted, pushed). False for a kind the person only wants by e-mail: kept for the
    -- e-mail to be written from, and out of every list.
    in_app           boolean      not null default true,
    primary key (user_id, id)
);
create index notifications_unread on notifications (user_id, id) where read_at is null and in_app;
create index notifications_email on notifications (email_id) where email_id is not null;

-- Preferences that differ from a kind's defaults (domain NotificationKind).
create table kind_preferences (
    user_id uuid        not null references recipients (user_id),
    kind    varchar(32) not null,
    in_app  boolean     not null,
    email   boolean     not null,
    primary key (user_id, kind)
);

create table muted_conversations (
    user_id         uuid        not null references recipients (user_id),
    conversation_id uuid        not null,
    muted_at        timestamptz not null,
    primary key (user_id, conversation_id)
);

-- Who is in which conversation, from chat's MemberAdded and MemberRemoved (message events carry no member lists,
-- ADR 17): the recipients of a mention of everyone.
create table conversation_members (
    conversation_id uuid not null,
    user_id         uuid not null,
    primary key (conversation_id, user_id)
);

-- Group names, from group's GroupCreated, for readable titles.
create table group_names (
    group_id uuid         primary key,
    name     varchar(200) not null
);

-- E-mails to send, one per digest: notifications of one person that come while one is PENDING join it. A sender
-- claims due rows (for update skip locked), sends, and marks them SENT in the same transaction; a failure pushes
-- due_at back and counts the attempt, up to a limit (then FAILED). Every e-mail has a fixed Message-ID, so the rare
-- second copy (the server accepted it, the commit was lost) is recognisably the same message.
create table emails (
    id          bigserial    primary key,
    user_id     uuid         not null references recipients (user_id),
    state       varchar(16)  not null default 'PENDING' check (state in ('PENDING', 'SENT', 'FAILED', 'SKIPPED')),
    created_at  timestamptz  not null,
    due_at      timestamptz  not null,
    attempts    integer      not null default 0,
    last_error  varchar(500),
    sent_at     timestamptz
);
create unique index emails_one_pending on emails (user_id) where state = 'PENDING';
create index emails_due on emails (due_at) where state = 'PENDING';
