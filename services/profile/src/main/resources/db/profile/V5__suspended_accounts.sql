-- Identity's UserSuspended / UserReinstated: a suspended account's profile is hidden from everyone but its owner
-- (profiles, batches, search, follow lists), as if it did not exist, until it is reinstated.
alter table profiles add column suspended boolean not null default false;
