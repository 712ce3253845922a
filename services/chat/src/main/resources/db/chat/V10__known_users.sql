-- The users chat knows to exist: a projection of identity's UserRegistered events (topic cohort.identity.users),
-- applied once per event id. Adding people to a conversation checks their ids here, so a conversation only ever
-- holds registered users (ADR 0024). Ids only: chat needs no one's name or address.
create table known_users (
    user_id       uuid        primary key,
    registered_at timestamptz not null
);
