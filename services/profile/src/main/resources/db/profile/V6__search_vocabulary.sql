-- People search (ADR 0070): open profiles in a narrow table of their own, searched by word prefixes and read in
-- name order; misspellings corrected against a vocabulary of the profiles' own words. The trigram arms that matched
-- every typed text against every open name and program are gone.

-- The profiles anyone may find (open to everyone, not suspended): just what a search reads to choose a page, a
-- fifth of the profiles in a tenth of the pages of the profiles table. Kept by the triggers below.
create table open_profiles (
    user_id      uuid primary key references profiles (user_id) on delete cascade,
    -- The lower-case name, in byte order: the order of a search page and the range of "the name starts with".
    name_key     text collate "C" not null,
    search_words tsvector not null
);
create index open_profiles_name_idx on open_profiles (name_key, user_id);
create index open_profiles_words_idx on open_profiles using gin (search_words);

insert into open_profiles (user_id, name_key, search_words)
select user_id, lower(display_name), search_words from profiles
where profile_visibility = 'EVERYONE' and not suspended;

-- Every word of a name or a program that any profile has had (letters and digits only), for correcting
-- misspellings: a few thousand rows where profiles are a hundred thousand. Words of renamed profiles stay; a
-- correction towards one simply finds nobody.
create table profile_words (
    word text collate "C" primary key
);
-- "The known words most alike this one" (trigram distance, nearest first).
create index profile_words_trgm_idx on profile_words using gist (word gist_trgm_ops);

insert into profile_words (word)
select distinct w from profiles, unnest(tsvector_to_array(search_words)) w where w ~ '^[[:alnum:]]+$';

-- New profiles, once per statement (a COPY of many profiles too): their words, and the open ones.
create function profiles_inserted() returns trigger language plpgsql as $$
begin
    insert into profile_words (word)
    select distinct w from new_profiles, unnest(tsvector_to_array(new_profiles.search_words)) w
    where w ~ '^[[:alnum:]]+$'
    on conflict do nothing;
    insert into open_profiles (user_id, name_key, search_words)
    select user_id, lower(display_name), search_words from new_profiles
    where profile_visibility = 'EVERYONE' and not suspended;
    return null;
end
$$;
create trigger profiles_inserted after insert on profiles referencing new table as new_profiles
    for each statement execute function profiles_inserted();

-- A changed name, program, visibility or suspension: the new words, and the profile in or out of the open ones.
create function profile_changed() returns trigger language plpgsql as $$
begin
    insert into profile_words (word)
    select w from unnest(tsvector_to_array(new.search_words)) w where w ~ '^[[:alnum:]]+$'
    on conflict do nothing;
    if new.profile_visibility = 'EVERYONE' and not new.suspended then
        insert into open_profiles (user_id, name_key, search_words)
        values (new.user_id, lower(new.display_name), new.search_words)
        on conflict (user_id) do update set name_key = excluded.name_key, search_words = excluded.search_words;
    else
        delete from open_profiles where user_id = new.user_id;
    end if;
    return null;
end
$$;
create trigger profile_changed after update of display_name, program, profile_visibility, suspended on profiles
    for each row when (old.search_words is distinct from new.search_words
        or old.profile_visibility is distinct from new.profile_visibility or old.suspended <> new.suspended)
    execute function profile_changed();

-- What people search matches for the typed words (lower-case letters and digits, separated by single spaces):
-- every word as a prefix, all required; a word of four letters or more that starts no known word (the first known
-- word from it on in byte order does not start with it) is replaced by the (up to three) known words most alike
-- it, by trigram similarity above pg_trgm's threshold. PL/pgSQL, so that the session keeps its plan.
create function people_search_query(typed text) returns tsquery language plpgsql stable as $$
begin
    return (select string_agg('(' || alternatives || ')', ' & ' order by n)::tsquery
    from unnest(string_to_array(typed, ' ')) with ordinality as t(typed_word, n)
    cross join lateral (select coalesce(
        (select string_agg(quote_literal(alike.word), ' | ')
           from (select v.word from profile_words v
                  where char_length(t.typed_word) >= 4
                    and not exists (select 1 from (select known.word from profile_words known
                                                    where known.word >= t.typed_word collate "C"
                                                    order by known.word limit 1) next_known
                                     where starts_with(next_known.word, t.typed_word))
                    and v.word % t.typed_word
                  order by v.word <-> t.typed_word, v.word
                  limit 3) alike),
        quote_literal(t.typed_word) || ':*') as alternatives) a);
end
$$;

-- Search reads open_profiles now; these served the search of profiles open to everyone before it.
drop index profiles_open_words_idx;
drop index profiles_open_name_trgm_idx;
drop index profiles_open_program_trgm_idx;
