-- Accounts. E-mails are stored lower-cased so the unique index makes them case-insensitive.
create table users (
    id                uuid         primary key,
    email             varchar(254) not null,
    display_name      varchar(80)  not null,
    password_hash     varchar(255) not null,
    roles             varchar(100) not null,
    status            varchar(16)  not null check (status in ('ACTIVE', 'SUSPENDED')),
    suspension_reason varchar(500),
    -- Raised by admin actions (suspension, role change); tokens carry it, and older versions are deny-listed.
    token_version     bigint       not null default 0,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null,
    version           bigint       not null default 0
);
create unique index users_email_key on users (email);

-- Refresh tokens: only a SHA-256 of each token is kept. A "family" is one sign-in; every refresh adds a token
-- to it and marks the previous one ROTATED. Presenting a ROTATED token revokes the family.
create table refresh_tokens (
    id         uuid        primary key,
    family_id  uuid        not null,
    user_id    uuid        not null references users (id),
    token_hash bytea       not null,
    status     varchar(16) not null check (status in ('ACTIVE', 'ROTATED', 'REVOKED')),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create unique index refresh_tokens_token_hash_key on refresh_tokens (token_hash);
create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_user_active_idx on refresh_tokens (user_id) where status = 'ACTIVE';

-- Single-use invitation codes (hashed), optionally bound to one e-mail.
create table invitations (
    id         uuid         primary key,
    code_hash  bytea        not null,
    email      varchar(254),
    role       varchar(20)  not null,
    created_by uuid         not null references users (id),
    created_at timestamptz  not null,
    expires_at timestamptz  not null,
    used_by    uuid         references users (id),
    used_at    timestamptz
);
create unique index invitations_code_hash_key on invitations (code_hash);

-- Token signing keys. The private key is stored encrypted (AES-256-GCM) under a key-encryption key that is
-- never in the database. A key is published from creation, signs from activate_at (later than any verifier's
-- JWKS cache age, so no verifier meets an unknown key), and stays published until its tokens have expired.
create table signing_keys (
    kid                    varchar(64) primary key,
    algorithm              varchar(10) not null,
    public_jwk             text        not null,
    private_key_ciphertext bytea       not null,
    created_at             timestamptz not null,
    activate_at            timestamptz not null
);
create index signing_keys_activate_at_idx on signing_keys (activate_at desc);
