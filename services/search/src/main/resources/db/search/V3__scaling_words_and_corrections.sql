-- Search at a million messages (ADR 0065, measured by bench/search).
--
-- 1. Messages are found through one GIN index on (conversation, words): a search reads only the entries of the
--    caller's conversations that hold the words, instead of every message holding them (then dropping those of
--    other conversations row by row). btree_gin (trusted, like pg_trgm) lets a GIN index hold the uuid key.
--    Courses and people keep a words index of their own, without the messages.
--    fastupdate off: with GIN's pending list, every search scans all entries not yet merged (thousands at a
--    sustained 1,000 messages/s: measured 226-384 ms per search); each insert merges its own entries instead.
create extension if not exists btree_gin;
create index documents_message_words on documents using gin (conversation_id, search_vector)
    with (fastupdate = off) where kind = 'MESSAGE';
create index documents_other_words on documents using gin (search_vector) with (fastupdate = off)
    where kind <> 'MESSAGE';
drop index documents_words;

-- 2. Misspellings are corrected against the index's own vocabulary instead of comparing the query with every
--    document's text by trigrams (a trigram GIN over a million messages: seconds per search, minutes to build).
--    A typed word none of whose forms is a known lexeme is widened to the nearest known lexemes within one edit
--    (a letter dropped, added, changed, or two swapped): both have the same form once at most one letter is
--    deleted from each (symmetric deletion), found by key in `lexeme_variants`.
alter table documents drop column search_text;
alter table documents_rebuild drop column search_text;

create table lexemes (lexeme text primary key);
-- Every form of a known lexeme with one letter deleted (lexemes of 4 to 30 letters: shorter ones are too close to
-- each other to correct, longer ones are not words).
create table lexeme_variants (
    variant text not null,
    lexeme  text not null,
    primary key (variant, lexeme)
);

-- New lexemes (and their variants) of the documents a statement inserted or changed; in lexeme order, so that
-- two transactions adding the same new words never wait on each other in opposite orders. Lexemes of deleted
-- documents stay: one that no longer matches anything only offers a correction that finds nothing.
create function remember_lexemes() returns trigger language plpgsql as $$
begin
    with fresh as (
        insert into lexemes (lexeme)
        select distinct word from changed_documents, unnest(tsvector_to_array(search_vector)) word order by word
        on conflict do nothing
        returning lexeme)
    insert into lexeme_variants (variant, lexeme)
    select left(lexeme, i - 1) || substr(lexeme, i + 1), lexeme
    from fresh, generate_series(1, length(lexeme)) i
    where length(lexeme) between 4 and 30
    on conflict do nothing;
    return null;
end $$;

create trigger documents_inserted_lexemes after insert on documents referencing new table as changed_documents
    for each statement execute function remember_lexemes();
create trigger documents_updated_lexemes after update on documents referencing new table as changed_documents
    for each statement execute function remember_lexemes();

-- A lexeme as a tsquery of itself alone (quoted, so that no character of it is read as an operator).
create function lexeme_query(lexeme text) returns tsquery language sql immutable strict as $$
    select cast('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''' as tsquery)
$$;

-- Up to three known lexemes within one edit of `typed`, the most alike first (trigram similarity).
create function corrections(typed text) returns setof text language sql stable strict as $$
    with variants as (select typed as variant
                      union select left(typed, i - 1) || substr(typed, i + 1) from generate_series(1, length(typed)) i)
    select lexeme from (select v.lexeme from lexeme_variants v join variants using (variant)
                        union select l.lexeme from lexemes l join variants on l.lexeme = variants.variant) candidates
    where lexeme <> typed
    order by similarity(lexeme, typed) desc, lexeme
    limit 3
$$;

-- The query `typed` (websearch syntax) under every configuration in `configs`, OR-ed; each typed word of at least
-- 4 letters none of whose forms (under any configuration) is a known lexeme is replaced by itself or its
-- corrections, wherever it stands in the query (ts_rewrite keeps phrases, negations and `or`).
create function corrected(configs regconfig[], typed text) returns tsquery language plpgsql stable strict as $$
declare
    parts        tsquery[] := array(select websearch_to_tsquery(c, typed) from unnest(configs) c);
    word         text;
    forms        text[];
    typed_lexeme text;
    candidate    text;
    choices      tsquery;
    result       tsquery;
begin
    for word in select distinct token from ts_parse('default', lower(typed))
                where tokid in (1, 2, 3) and length(token) >= 4 loop
        forms := array(select l from unnest(configs) c, unnest(tsvector_to_array(to_tsvector(c, word))) l);
        continue when cardinality(forms) = 0 or exists (select 1 from lexemes where lexeme = any(forms));
        for i in 1 .. cardinality(configs) loop
            for typed_lexeme in select unnest(tsvector_to_array(to_tsvector(configs[i], word))) loop
                choices := null;
                for candidate in select corrections(typed_lexeme) loop
                    choices := coalesce(choices || lexeme_query(candidate), lexeme_query(candidate));
                end loop;
                if choices is not null then
                    parts[i] := ts_rewrite(parts[i], lexeme_query(typed_lexeme),
                                           lexeme_query(typed_lexeme) || choices);
                end if;
            end loop;
        end loop;
    end loop;
    for i in 1 .. cardinality(parts) loop
        result := case when result is null then parts[i] else result || parts[i] end;
    end loop;
    return result;
end $$;

-- What is indexed already.
with fresh as (
    insert into lexemes (lexeme) select word from ts_stat('select search_vector from documents')
    on conflict do nothing returning lexeme)
insert into lexeme_variants (variant, lexeme)
select left(lexeme, i - 1) || substr(lexeme, i + 1), lexeme
from fresh, generate_series(1, length(lexeme)) i
where length(lexeme) between 4 and 30
on conflict do nothing;
