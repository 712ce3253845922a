-- The search index: one row per searchable thing (a message, a course, a person), built from events only.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
create extension if not exists pg_trgm;

create table documents (
    kind            text        not null check (kind in ('MESSAGE', 'COURSE', 'PERSON')),
    id              uuid        not null,
    -- The document's text search configuration: how its words are split and stemmed, and which are stop words.
    language        regconfig   not null,
    title           text        not null default '',
    body            text        not null default '',
    -- Messages only: where the message is and who wrote it (visibility and filters).
    conversation_id uuid,
    sequence        bigint,
    author_id       uuid,
    -- When the message was posted (recency and the date filter); for courses and people, their last change.
    posted_at       timestamptz not null,
    -- Event time of the last change applied: an older change arriving late (a replay) does not undo a newer one.
    changed_at      timestamptz not null,
    -- Title words weigh more than body words (weights A and B of ts_rank).
    search_vector   tsvector generated always as (
                        setweight(to_tsvector(language, title), 'A') || setweight(to_tsvector(language, body), 'B')
                    ) stored,
    -- What fuzzy (trigram) matching compares a query with.
    search_text     text generated always as (title || ' ' || body) stored,
    primary key (kind, id),
    check (kind <> 'MESSAGE' or (conversation_id is not null and sequence is not null and author_id is not null))
);

create index documents_words on documents using gin (search_vector);
create index documents_trigrams on documents using gin (search_text gin_trgm_ops);
create index documents_conversation on documents (conversation_id, sequence) where kind = 'MESSAGE';

-- Who is in which context, as the events told: conversations (chat's MemberAdded/MemberRemoved: who may find a
-- message) and course sections (course's EnrollmentChanged). People who share one are classmates.
create table memberships (
    context_kind text not null check (context_kind in ('CONVERSATION', 'SECTION')),
    context_id   uuid not null,
    user_id      uuid not null,
    primary key (context_kind, context_id, user_id)
);
create index memberships_by_user on memberships (user_id, context_kind, context_id);

-- A person's profile visibility (profile's PrivacyChanged; CLASSMATES until one arrives).
create table people (
    user_id            uuid        primary key,
    visibility         text        not null default 'CLASSMATES' check (visibility in ('EVERYONE', 'CLASSMATES', 'NOBODY')),
    privacy_changed_at timestamptz
);

-- Who blocked whom (profile's UserBlocked/UserUnblocked): neither finds the other.
create table blocks (
    blocker_id uuid not null,
    blocked_id uuid not null,
    primary key (blocker_id, blocked_id)
);
create index blocks_by_blocked on blocks (blocked_id, blocker_id);
