-- The current avatar: its images are stored under avatars/<user_id>/<avatar_version>/<size>.<avatar_extension>
-- (immutable keys: a new picture gets a new version, so caches never serve a stale one). Null while there is none.
alter table profiles
    add column avatar_version    uuid,
    add column avatar_extension  varchar(4) check (avatar_extension in ('jpg', 'png')),
    add column avatar_updated_at timestamptz,
    add constraint profiles_avatar_whole check (
        (avatar_version is null) = (avatar_extension is null) and (avatar_version is null) = (avatar_updated_at is null));

-- Avatar uploads handed out by CreateAvatarUpload: ConfirmAvatarUpload accepts only its owner's unexpired, unused
-- upload, by id. What was declared is kept for the record; the content is checked from its bytes anyway.
create table avatar_uploads (
    upload_id      uuid         primary key,
    owner_id       uuid         not null,
    content_type   varchar(32)  not null,
    content_length bigint       not null check (content_length > 0),
    object_key     varchar(200) not null,
    created_at     timestamptz  not null,
    expires_at     timestamptz  not null,
    used           boolean      not null default false
);
create index avatar_uploads_owner_idx on avatar_uploads (owner_id, created_at);
