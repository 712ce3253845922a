-- People search: trigram similarity (typos) on names and programs.
create extension if not exists pg_trgm;

-- One profile per account, created from identity's UserRegistered event. Privacy settings live on the same row,
-- so that every read (one profile, a batch, a search page) decides visibility in one query.
create table profiles (
    user_id            uuid          primary key,
    -- As registered with identity; shown only to the owner, or to viewers when show_email is set.
    email              varchar(254)  not null,
    display_name       varchar(80)   not null,
    pronouns           varchar(40)   not null default '',
    bio                varchar(1000) not null default '',
    program            varchar(100)  not null default '',
    year_of_study      integer       not null default 0 check (year_of_study between 0 and 12),
    -- The links in their order, label i with url i.
    link_labels        text[]        not null default '{}',
    link_urls          text[]        not null default '{}',
    -- Defaults that protect students: profile for classmates, direct messages and invitations from classmates,
    -- e-mail hidden.
    profile_visibility varchar(16)   not null default 'CLASSMATES'
        check (profile_visibility in ('EVERYONE', 'CLASSMATES', 'NOBODY')),
    direct_messages    varchar(16)   not null default 'CLASSMATES'
        check (direct_messages in ('EVERYONE', 'CLASSMATES', 'PEOPLE_I_FOLLOW', 'NOBODY')),
    channel_invites    varchar(16)   not null default 'CLASSMATES'
        check (channel_invites in ('EVERYONE', 'CLASSMATES', 'PEOPLE_I_FOLLOW', 'NOBODY')),
    show_email         boolean       not null default false,
    created_at         timestamptz   not null,
    updated_at         timestamptz   not null,
    privacy_updated_at timestamptz   not null,
    -- Words of the name and the program, for prefix search as people type (to_tsquery 'ada:* & lov:*').
    search_words       tsvector      generated always as
        (to_tsvector('simple', display_name || ' ' || program)) stored,
    constraint profiles_links_paired check (cardinality(link_labels) = cardinality(link_urls)),
    constraint profiles_links_few check (cardinality(link_labels) <= 5)
);
create index profiles_search_words_idx on profiles using gin (search_words);
create index profiles_name_trgm_idx on profiles using gin (lower(display_name) gin_trgm_ops);
create index profiles_program_trgm_idx on profiles using gin (lower(program) gin_trgm_ops);

-- Who follows whom. Both ends are profiles; a block deletes the follows between the two.
create table follows (
    follower_id uuid        not null references profiles (user_id),
    followed_id uuid        not null references profiles (user_id),
    created_at  timestamptz not null,
    primary key (follower_id, followed_id),
    constraint follows_not_self check (follower_id <> followed_id)
);
-- ListFollowing (newest first, keyset on created_at, followed_id) is served by this index's prefix.
create index follows_follower_idx on follows (follower_id, created_at, followed_id);
-- ListFollowers and follower counts.
create index follows_followed_idx on follows (followed_id, created_at, follower_id);

-- Who blocked whom. Visibility checks look both ways: (viewer, owner) by the key, (owner, viewer) likewise.
create table blocks (
    blocker_id uuid        not null references profiles (user_id),
    blocked_id uuid        not null references profiles (user_id),
    created_at timestamptz not null,
    primary key (blocker_id, blocked_id),
    constraint blocks_not_self check (blocker_id <> blocked_id)
);
-- ListBlocked, newest first.
create index blocks_page_idx on blocks (blocker_id, created_at, blocked_id);

-- Profile's own projection of what makes people classmates: who is in which course section (course's
-- EnrollmentChanged), study group (group's events) and conversation (chat's MemberAdded/MemberRemoved).
create table context_members (
    kind       varchar(16) not null check (kind in ('SECTION', 'GROUP', 'CONVERSATION')),
    context_id uuid        not null,
    user_id    uuid        not null,
    primary key (kind, context_id, user_id)
);
-- "The contexts of this person", the first step of every classmate check; the key then finds the other person.
create index context_members_user_idx on context_members (user_id, kind, context_id);

-- The member list version of each group as last applied: group's events carry whole member lists, and an older
-- list arriving late must not replace a newer one.
create table group_versions (
    group_id            uuid   primary key,
    member_list_version bigint not null
);
