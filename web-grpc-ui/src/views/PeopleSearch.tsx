import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type KeyboardEvent } from "react";
import { useApp } from "../context";
import type { Profile } from "../gen/cohort/profile/v1/profile_pb";
import { SEARCH_DEBOUNCE_MS, useDebounced } from "../people/debounce";
import { Avatar } from "../people/Person";
import { rememberProfile } from "../people/queries";
import { ErrorBox, Spinner } from "../ui/common";

/**
 * A labelled search box for people (SearchPeople, queried once typing pauses), as an ARIA combobox: ↑/↓ move through
 * the results, Enter picks, Escape clears. `onPick` decides what picking does (open the profile, start a chat).
 */
export function PeopleSearch({ label, onPick, actionLabel }: {
  label: string; onPick: (profile: Profile) => void | Promise<void>; actionLabel?: string;
}) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const query = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const listId = useId();
  const results = useQuery({
    queryKey: ["people-search", query],
    enabled: query.length > 0,
    queryFn: async () => {
      const { profiles } = await api.profile.searchPeople({ query, pageSize: 10 });
      profiles.forEach((p) => rememberProfile(queryClient, p));
      return profiles;
    },
  });
  const people = query.length > 0 ? results.data ?? [] : [];

  const pick = (profile: Profile | undefined) => {
    if (profile) {
      void onPick(profile);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, people.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      pick(people[active]);
    } else if (event.key === "Escape") {
      setText("");
    }
  };

  return (
    <div className="people-search stack">
      <label className="small">{label}
        <input type="search" value={text} placeholder="Name, program…" autoComplete="off"
          role="combobox" aria-expanded={people.length > 0} aria-controls={listId} aria-autocomplete="list"
          aria-activedescendant={people[active] ? `${listId}-${active}` : undefined}
          onChange={(e) => { setText(e.target.value); setActive(0); }} onKeyDown={onKeyDown} />
      </label>
      {results.isFetching && <Spinner label="Searching…" />}
      <ErrorBox error={results.error} />
      {query.length > 0 && results.isSuccess && people.length === 0 && <p className="muted small">Nobody found.</p>}
      <ul className="list people-results" id={listId} role="listbox" aria-label={`${label}: results`}>
        {people.map((p, i) => (
          <li key={p.userId} id={`${listId}-${i}`} role="option" aria-selected={i === active}
            className={`person-result ${i === active ? "active" : ""}`} onClick={() => pick(p)}
            onMouseEnter={() => setActive(i)}>
            <Avatar profile={p} userId={p.userId} size={32} />
            <span className="grow">
              <strong>{p.displayName}</strong>
              {(p.program || p.yearOfStudy > 0) && (
                <span className="muted small"> · {[p.program, p.yearOfStudy > 0 ? `year ${p.yearOfStudy}` : ""].filter(Boolean).join(", ")}</span>
              )}
            </span>
            {actionLabel && <span className="muted small">{actionLabel}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
