-- A suspension for a time (ADR 0067): when it ends, and the admin whose decision it was (named as the reinstating
-- actor when it simply runs out). Both null for an active account and for a suspension for good (until is null).
alter table users add column suspended_until timestamptz;
alter table users add column suspended_by uuid;

-- The sweeper's question, "whose suspension has ended?", reads only the few timed suspensions.
create index users_suspension_end_idx on users (suspended_until) where status = 'SUSPENDED' and suspended_until is not null;
