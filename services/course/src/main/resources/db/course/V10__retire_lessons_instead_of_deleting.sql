-- A lesson cut from its module by a catalog import is retired, not deleted: it disappears from the course and from
-- progress, and the students' completions of it stay on record (a later import listing its position again brings
-- it back with its id). Current lessons of a module are positions 1..n; retired ones follow them.
alter table lessons add column retired_at timestamptz;
