-- When the owner proved the address is theirs (a verification or password-reset link reached it); null: not yet.
alter table users add column email_verified_at timestamptz;

-- Single-use links sent by e-mail: only a SHA-256 of each token is kept. A new link of a purpose supersedes the
-- account's earlier unused ones (they are marked used).
create table account_tokens (
    token_hash bytea       primary key,
    user_id    uuid        not null references users (id),
    purpose    varchar(20) not null check (purpose in ('VERIFY_EMAIL', 'RESET_PASSWORD')),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index account_tokens_open_idx on account_tokens (user_id, purpose) where used_at is null;

-- E-mails written in the same transaction as the change that causes them and sent after the commit by the mail
-- relay, which deletes each row once the SMTP server accepted it (at least once; ADR 0052). A row holds the link's
-- token in clear only until then.
create table outgoing_mail (
    id              bigserial    primary key,
    recipient       varchar(254) not null,
    subject         varchar(200) not null,
    text_body       text         not null,
    html_body       text         not null,
    created_at      timestamptz  not null,
    attempts        int          not null default 0,
    next_attempt_at timestamptz  not null
);
create index outgoing_mail_due_idx on outgoing_mail (next_attempt_at);
