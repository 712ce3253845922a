-- A query's parts under each configuration OR-ed once each (ADR 0074, measured by bench/search).
--
-- A query is parsed under every configuration in use and the parts are OR-ed (ADR 0053, 0066). For most words
-- several configurations agree ('project' is 'project' in english, french, german, spanish and simple), and V4
-- OR-ed the identical parts anyway: 'project' | 'project' | 'project' | 'project' | 'project'. The words match
-- the same documents, but the GIN scan reads each repeated part's entries again: on a million messages, the scan
-- of the caller's conversations for one common word read 1,074 index pages with the five parts against 234 with
-- one (4.6 times), and that scan was most of a search's time. Ranking is unchanged: ts_rank_cd counts a
-- repeated query item once.

-- The distinct queries of `parts` OR-ed (null when there are none). X | X matches what X matches, so this only
-- drops repetition; the order is tsquery's own, so equal inputs give equal queries.
create function or_distinct(parts tsquery[]) returns tsquery language plpgsql immutable strict as $$
declare
    part   tsquery;
    result tsquery;
begin
    for part in select distinct p from unnest(parts) p order by p loop
        result := case when result is null then part else result || part end;
    end loop;
    return result;
end $$;

-- As V4, with the parts OR-ed once each.
create or replace function corrected(configs regconfig[], typed text) returns tsquery language plpgsql stable
    strict as $$
declare
    parts     tsquery[] := array(select websearch_to_tsquery(c, typed) from unnest(configs) c);
    word      text;
    forms     text[];
    form      text;
    candidate text;
    choices   tsquery;
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
    return or_distinct(parts);
end $$;
