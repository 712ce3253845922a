-- Follower and following counts kept on the profile row, changed in the same transaction as the follow, unfollow
-- or block that changes them (ADR 0038): a batch of 100 profiles then reads two columns instead of running two
-- aggregates over follows per row.
alter table profiles
    add column follower_count  bigint not null default 0 check (follower_count >= 0),
    add column following_count bigint not null default 0 check (following_count >= 0);
update profiles p set
    follower_count  = (select count(*) from follows f where f.followed_id = p.user_id),
    following_count = (select count(*) from follows f where f.follower_id = p.user_id)
where exists (select 1 from follows f where f.followed_id = p.user_id or f.follower_id = p.user_id);

-- "Who blocked the viewer": the visibility rule looks at blocks both ways; the key serves (blocker, blocked), this
-- serves (blocked, blocker).
create index blocks_blocked_idx on blocks (blocked_id, blocker_id);

-- Search outside one's classmates can only find profiles visible to everyone (ADR 0038): these partial indexes
-- hold just those, so a short prefix ("ka") reads a fifth of the rows the full indexes would give it.
create index profiles_open_words_idx on profiles using gin (search_words) where profile_visibility = 'EVERYONE';
create index profiles_open_name_trgm_idx on profiles using gin (lower(display_name) gin_trgm_ops)
    where profile_visibility = 'EVERYONE';
create index profiles_open_program_trgm_idx on profiles using gin (lower(program) gin_trgm_ops)
    where profile_visibility = 'EVERYONE';

-- The whole-table search indexes served the search before it was split into classmates (found by key) and
-- profiles open to everyone (the partial indexes above); nothing reads them any more.
drop index profiles_search_words_idx;
drop index profiles_name_trgm_idx;
drop index profiles_program_trgm_idx;
