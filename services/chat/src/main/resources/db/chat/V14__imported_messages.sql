-- ImportMessages (ADR 59): history written elsewhere keeps its original created_at and is marked for good with the
-- admin who imported it (null for every message sent through SendMessage).
alter table messages add column imported_by uuid;
