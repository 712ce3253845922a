-- Who may reach whom, as far as chat needs it: a projection of profile's events (topics cohort.profile.profiles and
-- cohort.profile.relationships), applied once per event id (ADR 0036). Chat decides from these rows alone, never by
-- calling profile. A person without a row in contact_settings has the defaults (CLASSMATES for both).
create table contact_settings (
    user_id         uuid        primary key,
    -- ContactPermission names: EVERYONE, CLASSMATES, PEOPLE_I_FOLLOW, NOBODY.
    direct_messages text        not null,
    channel_invites text        not null,
    -- PrivacyChanged carries the full settings: only a newer change replaces what is here.
    changed_at      timestamptz not null
);

-- follower follows followed (UserFollowed / UserUnfollowed).
create table follows (
    follower_id uuid not null,
    followed_id uuid not null,
    primary key (follower_id, followed_id)
);

-- blocker blocked blocked_id (UserBlocked / UserUnblocked); either direction keeps the two apart.
create table blocks (
    blocker_id uuid not null,
    blocked_id uuid not null,
    primary key (blocker_id, blocked_id)
);
create index blocks_by_blocked on blocks (blocked_id, blocker_id);
