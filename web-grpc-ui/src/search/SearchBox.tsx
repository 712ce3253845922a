import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from "react";
import type { Api } from "../api/clients";
import { errorLine } from "../api/errors";
import { useApp } from "../context";
import { EnrollmentStatus } from "../gen/cohort/course/v1/course_pb";
import { ResultKind, type SearchResult } from "../gen/cohort/search/v1/search_pb";
import { SEARCH_DEBOUNCE_MS, useDebounced } from "../people/debounce";
import { personName } from "../people/Person";
import { usePeople } from "../people/usePeople";
import { navigate } from "../router";
import { formatTime, Spinner } from "../ui/common";
import { conversationTitle } from "../views/Chat";
import { myEnrollmentsKey } from "../views/Home";
import { snippetParts } from "./snippet";

/** The groups of the results list, in the order shown (and walked by ↑/↓). */
const GROUPS: readonly { kind: ResultKind; label: string }[] = [
  { kind: ResultKind.MESSAGE, label: "Messages" },
  { kind: ResultKind.COURSE, label: "Courses" },
  { kind: ResultKind.PERSON, label: "People" },
];

const RESULTS_PER_SEARCH = 20;

/** Results grouped by kind (best first within a group, as the service ranked them), flattened in display order. */
export function groupResults(results: readonly SearchResult[]): { kind: ResultKind; label: string; results: SearchResult[] }[] {
  return GROUPS.map((group) => ({ ...group, results: results.filter((r) => r.kind === group.kind) }))
    .filter((group) => group.results.length > 0);
}

/** Where a message or person result leads; a course's class page needs a look-up first (see `coursePath`). */
export function resultPath(result: SearchResult): string | null {
  switch (result.kind) {
    case ResultKind.MESSAGE:
      return result.message ? `/chat/${result.message.conversationId}?at=${result.message.sequence}` : null;
    case ResultKind.PERSON:
      return `/people/${result.id}`;
    default:
      return null;
  }
}

/**
 * A course's class page: the section of it the caller is enrolled in, else its first section (where they can
 * enrol), else the catalog.
 */
export async function coursePath(api: Api, queryClient: QueryClient, courseId: string): Promise<string> {
  const enrollments = await queryClient.fetchQuery({
    queryKey: myEnrollmentsKey,
    queryFn: async () => (await api.course.listMyEnrollments({ pageSize: 100 })).enrollments,
  });
  const mine = enrollments.find((e) => e.section?.courseId === courseId && e.enrollment?.status === EnrollmentStatus.ENROLLED);
  if (mine?.section) {
    return `/classes/${mine.section.sectionId}`;
  }
  const { sections } = await api.course.listSections({ courseId, pageSize: 1 });
  return sections[0] ? `/classes/${sections[0].sectionId}` : "/courses";
}

/**
 * The search box in the header: messages, courses and people as the user types (debounced), grouped by kind, the
 * matched words marked. An ARIA combobox: ↓/↑ walk the results across groups, Enter opens one, Escape closes.
 * A message opens its conversation at that message; a course its class page; a person their profile.
 */
export function SearchBox() {
  const { api, chat, user } = useApp();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [opening, setOpening] = useState<unknown>(null);
  const root = useRef<HTMLDivElement>(null);
  const listId = useId();
  const query = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const search = useQuery({
    queryKey: ["search", query],
    enabled: query.length > 0,
    queryFn: async () => (await api.search.search({ query, pageSize: RESULTS_PER_SEARCH })).results,
    staleTime: 10_000,
    retry: false,
  });
  const groups = useMemo(() => groupResults(query.length > 0 ? search.data ?? [] : []), [query, search.data]);
  const flat = groups.flatMap((g) => g.results);
  const conversations = useSyncExternalStore(chat.subscribe, () => chat.getSnapshot().conversations);
  const people = usePeople(flat.flatMap((r) => (r.message ? [r.message.authorUserId] : [])));

  // A click anywhere else closes the results.
  useEffect(() => {
    const close = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, []);

  const pick = async (result: SearchResult | undefined) => {
    if (!result) {
      return;
    }
    setOpening(null);
    try {
      const path = resultPath(result) ?? await coursePath(api, queryClient, result.id);
      setOpen(false);
      navigate(path);
    } catch (error) {
      setOpening(error);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, flat.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      void pick(flat[Math.min(active, flat.length - 1)]);
    } else if (event.key === "Escape") {
      if (open && text !== "") {
        setOpen(false);
      } else {
        setText("");
      }
    }
  };

  const showing = open && query.length > 0;
  const busy = text.trim() !== query || search.isFetching;
  let index = 0;
  return (
    <div className="search-box" ref={root} role="search">
      <input type="search" value={text} placeholder="Search messages, courses, people" autoComplete="off"
        aria-label="Search messages, courses and people" role="combobox" aria-expanded={showing && flat.length > 0}
        aria-controls={listId} aria-autocomplete="list"
        aria-activedescendant={showing && flat[active] ? `${listId}-${active}` : undefined}
        onChange={(e) => { setText(e.target.value); setActive(0); setOpen(true); }}
        onFocus={() => setOpen(true)} onKeyDown={onKeyDown} maxLength={200} />
      {showing && (
        <div className="search-results card" aria-live="polite">
          {busy && <Spinner label="Searching…" />}
          {search.error !== null && <p className="error-inline small" role="alert">Search failed: {errorLine(search.error)}</p>}
          {opening !== null && <p className="error-inline small" role="alert">Could not open it: {errorLine(opening)}</p>}
          {!busy && search.isSuccess && flat.length === 0 && (
            <p className="muted small">Nothing found for “{query}”.</p>
          )}
          <div id={listId} role="listbox" aria-label="Search results">
            {groups.map((group) => (
              <div key={group.kind} role="group" aria-labelledby={`${listId}-g${group.kind}`}>
                <div className="search-group muted small" id={`${listId}-g${group.kind}`}>{group.label}</div>
                {group.results.map((result) => {
                  const i = index++;
                  const conversation = result.message
                    ? conversations.find((c) => c.conversationId === result.message!.conversationId) : undefined;
                  return (
                    <div key={`${result.kind}-${result.id}`} id={`${listId}-${i}`} role="option" aria-selected={i === active}
                      className={`search-result ${i === active ? "active" : ""}`}
                      onMouseDown={(e) => e.preventDefault()} onClick={() => void pick(result)}
                      onMouseEnter={() => setActive(i)}>
                      <div className="search-title">
                        {result.message ? (
                          <>
                            <strong>{conversation ? conversationTitle(conversation, user.userId, people) : "Conversation"}</strong>
                            <span className="muted small">
                              {" · "}{personName(people.get(result.message.authorUserId), result.message.authorUserId)}
                              {" · "}{formatTime(result.message.postTime)}
                            </span>
                          </>
                        ) : <strong>{result.title}</strong>}
                      </div>
                      <Snippet result={result} />
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

/** The snippet as text with the matched words in <mark>: React escapes every part, so nothing in it is HTML. */
function Snippet({ result }: { result: SearchResult }) {
  const parts = snippetParts(result.snippet);
  if (parts.length === 0) {
    return null;
  }
  return (
    <div className="search-snippet small">
      {parts.map((part, i) => (part.marked ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </div>
  );
}
