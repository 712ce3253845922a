-- The sweep of expired avatar uploads (ADR 0039) takes them oldest first by expiry.
create index avatar_uploads_expiry_idx on avatar_uploads (expires_at);
