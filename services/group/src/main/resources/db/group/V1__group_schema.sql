-- Study groups. Every change of a group's members, owner or requests first locks the group's row
-- (SELECT ... FOR UPDATE), so changes of one group are serial: capacity checks see the true count, the member
-- list version rises by exactly one per change, and outbox rows keep commit order per group (ADR 0010, 0013).
create table study_groups (
    id                  uuid          primary key,
    section_id          uuid          not null,
    name                varchar(80)   not null,
    description         varchar(1000) not null,
    visibility          varchar(16)   not null check (visibility in ('OPEN', 'APPROVAL')),
    state               varchar(16)   not null check (state in ('ACTIVE', 'DISBANDED')),
    -- The owner is a member (kept so by the application); the last owner once disbanded.
    owner_id            uuid          not null,
    -- The section's maximum group size when the group was created.
    max_members         integer       not null check (max_members >= 2),
    member_count        integer       not null,
    member_list_version bigint        not null,
    created_at          timestamptz   not null,
    updated_at          timestamptz   not null,
    disbanded_at        timestamptz,
    -- Optimistic version (JPA @Version): a write that skipped the row lock fails instead of losing an update.
    version             bigint        not null default 0,
    -- The last line of defence for capacity: even a code path that forgot the lock cannot overfill a group.
    constraint study_groups_capacity check (member_count between 0 and max_members),
    constraint study_groups_disbanded_empty check (state = 'ACTIVE' or member_count = 0)
);
-- Names are unique, ignoring case, among a section's active groups; a disbanded group frees its name.
create unique index study_groups_section_name_key on study_groups (section_id, lower(name)) where state = 'ACTIVE';
-- ListGroupsInSection: a section's active groups, oldest first (keyset paging on created_at, id).
create index study_groups_section_idx on study_groups (section_id, created_at, id) where state = 'ACTIVE';

-- Current members only: leaving, removal and disbanding delete the row (the events keep the history).
create table group_members (
    group_id  uuid        not null references study_groups (id),
    user_id   uuid        not null,
    joined_at timestamptz not null,
    primary key (group_id, user_id)
);
-- ListMyGroups (keyset on joined_at, group_id) and "this student's groups" when they drop a section.
create index group_members_user_idx on group_members (user_id, joined_at, group_id);

create table join_requests (
    id         uuid        primary key,
    group_id   uuid        not null references study_groups (id),
    user_id    uuid        not null,
    state      varchar(16) not null check (state in ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED')),
    message    varchar(500) not null,
    created_at timestamptz not null,
    decided_at timestamptz,
    -- Who moved it out of PENDING; null while pending and when the platform did (disband, dropped section).
    decided_by uuid,
    constraint join_requests_decided check ((state = 'PENDING') = (decided_at is null))
);
-- One pending request per student and group; decided requests stay as history.
create unique index join_requests_one_pending_key on join_requests (group_id, user_id) where state = 'PENDING';
-- ListPendingRequests: a group's pending requests, oldest first.
create index join_requests_pending_idx on join_requests (group_id, created_at, id) where state = 'PENDING';
-- A student's pending requests, cancelled when they drop the section.
create index join_requests_user_pending_idx on join_requests (user_id) where state = 'PENDING';
