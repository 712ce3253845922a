-- The relay now claims rows by deleting them in the transaction that publishes them (the commit after Kafka's
-- acknowledgements makes it final; a failure rolls the delete back). Marking rows sent and deleting them days
-- later cost a second write of every row, and the rows left behind slowed every claim. See ADR 34.
delete from outbox where sent_at is not null;
drop index outbox_sent_idx;
drop index outbox_pending_idx;
alter table outbox drop column sent_at;
create index outbox_pending_idx on outbox (partition_no, id);

-- Every transaction that appends rows wakes the relays listening on this database when it commits (NOTIFY is
-- transactional; identical notifications of one transaction are delivered once), so an event is published
-- milliseconds after its commit instead of at the relay's next poll.
create function outbox_appended() returns trigger language plpgsql as $$
begin
    perform pg_notify('cohort_outbox', '');
    return null;
end
$$;
create trigger outbox_appended after insert on outbox for each statement execute function outbox_appended();
