-- Shared by every service that publishes or consumes events. Everything lives in the schema cohort_events, with
-- its own Flyway history, so it never interferes with the service's own migrations in public, in either order.

-- Events waiting to be published. Written in the same transaction as the state change they describe.
-- partition_no = hash(record_key) mod 8: one relay replica at a time owns a partition (advisory lock), and
-- publishes its rows in id order, so events of one key stay in order even with several replicas running.
create table outbox (
    id            bigserial    primary key,
    partition_no  smallint     not null,
    topic         varchar(249) not null,
    record_key    varchar(255) not null,
    event_id      uuid         not null,
    event_type    varchar(255) not null,
    payload       bytea        not null,
    traceparent   varchar(55),
    created_at    timestamptz  not null default now(),
    sent_at       timestamptz
);
create unique index outbox_event_id_key on outbox (event_id);
create index outbox_pending_idx on outbox (partition_no, id) where sent_at is null;
create index outbox_sent_idx on outbox (sent_at) where sent_at is not null;

-- Events a consumer has applied, written in the same transaction as the effect: a redelivered event is skipped.
create table processed_events (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
