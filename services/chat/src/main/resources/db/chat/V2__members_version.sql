-- A counter that moves whenever a conversation's member set changes, so the message writer can keep member lists
-- between batches and read one again only when its conversation's counter moved (ADR 0015). Statement-level
-- triggers keep it exact whichever code path adds or removes members (owners, joins, group events, SQL by hand).
-- The update takes the conversation's row lock, which the writer holds while it posts: a change either commits
-- before the writer locks the row (and the writer sees the new counter) or waits until the writer has committed.
-- Member ids never change in place (they are the primary key), so inserts and deletes are all that count.
alter table conversations add column members_version bigint not null default 0;

-- One function for both triggers: each names its transition table changed_members.
create function bump_members_version() returns trigger language plpgsql as $$
begin
    update conversations c set members_version = c.members_version + 1
    where c.id in (select distinct conversation_id from changed_members);
    return null;
end;
$$;

create trigger members_inserted after insert on members
    referencing new table as changed_members
    for each statement execute function bump_members_version();

create trigger members_deleted after delete on members
    referencing old table as changed_members
    for each statement execute function bump_members_version();
