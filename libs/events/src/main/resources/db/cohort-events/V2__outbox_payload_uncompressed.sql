-- Outbox rows live for seconds (written in the change's transaction, deleted or marked sent by the relay), and
-- their payloads (Avro binary of a few kilobytes, e.g. a chat message with its conversation's member ids) used to
-- cross PostgreSQL's TOAST threshold of about 2 kB: every insert then compressed the payload (pglz) and moved it
-- to the TOAST table, about three times the insert's cost, on the hottest write path of the platform. Rows now
-- stay inline and uncompressed up to a page: compression only pays for data that is kept.
alter table outbox set (toast_tuple_target = 8160);
alter table outbox alter column payload set storage external;
