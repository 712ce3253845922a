-- Misspellings corrected at the cost of a few key lookups (ADR 0072, measured by bench/search).
--
-- V3's `corrections` was a SQL function called from `corrected` once per configuration: PostgreSQL plans the
-- statements of a SQL function that it cannot inline again at every call (a set-returning one called per row is
-- not inlined), and the five configurations mostly agree on an unknown word, so one misspelled word cost five
-- plannings and five identical lookups (about 300 ms of a search on the loaded bench machine, against 3 ms for the
-- lookups themselves). PL/pgSQL keeps the plans of its statements for the session, and `corrected` now looks up
-- each distinct form of a word once and rewrites it wherever it stands, in every configuration's part alike.

-- Up to three known lexemes within one edit of `typed`, the most alike first (trigram similarity).
create or replace function corrections(typed text) returns setof text language plpgsql stable strict as $$
begin
    return query
        with variants as (select typed as variant
                          union select left(typed, i - 1) || substr(typed, i + 1)
                                from generate_series(1, length(typed)) i)
        select candidates.lexeme
        from (select v.lexeme from lexeme_variants v join variants using (variant)
              union select l.lexeme from lexemes l join variants on l.lexeme = variants.variant) candidates
        where candidates.lexeme <> typed
        order by similarity(candidates.lexeme, typed) desc, candidates.lexeme
        limit 3;
end $$;

-- The query `typed` (websearch syntax) under every configuration in `configs`, OR-ed; each typed word of at least
-- 4 letters none of whose forms (under any configuration) is a known lexeme has each of its forms replaced by
-- itself or its corrections, wherever it stands in the query (ts_rewrite keeps phrases, negations and `or`). A
-- form is rewritten in every part that holds it: the rewrite depends on the form alone, so this is what V3 did
-- configuration by configuration, with one lookup per distinct form.
create or replace function corrected(configs regconfig[], typed text) returns tsquery language plpgsql stable
    strict as $$
declare
    parts     tsquery[] := array(select websearch_to_tsquery(c, typed) from unnest(configs) c);
    word      text;
    forms     text[];
    form      text;
    candidate text;
    choices   tsquery;
    result    tsquery;
begin
    for word in select distinct token from ts_parse('default', lower(typed))
                where tokid in (1, 2, 3) and length(token) >= 4 loop
        forms := array(select distinct l from unnest(configs) c, unnest(tsvector_to_array(to_tsvector(c, word))) l);
        continue when cardinality(forms) = 0 or exists (select 1 from lexemes where lexeme = any(forms));
        foreach form in array forms loop
            choices := null;
            for candidate in select corrections(form) loop
                choices := coalesce(choices || lexeme_query(candidate), lexeme_query(candidate));
            end loop;
            continue when choices is null;
            for i in 1 .. cardinality(parts) loop
                parts[i] := ts_rewrite(parts[i], lexeme_query(form), lexeme_query(form) || choices);
            end loop;
        end loop;
    end loop;
    for i in 1 .. cardinality(parts) loop
        result := case when result is null then parts[i] else result || parts[i] end;
    end loop;
    return result;
end $$;
