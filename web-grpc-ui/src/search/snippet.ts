import type { Snippet } from "../gen/cohort/search/v1/search_pb";

/** A piece of a snippet's text, marked when it matched the query. */
export interface SnippetPart {
  text: string;
  marked: boolean;
}

/**
 * Cuts a snippet's plain text into marked and unmarked parts by its highlight ranges, which count Unicode code
 * points (not UTF-16 units, so an emoji before a match does not shift it). Ranges out of order, overlapping or
 * beyond the text are clipped rather than trusted. The parts are text for React to escape: the snippet is never
 * treated as HTML.
 */
export function snippetParts(snippet: Pick<Snippet, "text" | "highlights"> | undefined): SnippetPart[] {
  if (!snippet || snippet.text === "") {
    return [];
  }
  const points = Array.from(snippet.text);
  const parts: SnippetPart[] = [];
  let at = 0;
  const ranges = [...snippet.highlights].sort((a, b) => a.start - b.start);
  for (const range of ranges) {
    const start = Math.max(range.start, at);
    const end = Math.min(range.start + range.length, points.length);
    if (end <= start) {
      continue;
    }
    if (start > at) {
      parts.push({ text: points.slice(at, start).join(""), marked: false });
    }
    parts.push({ text: points.slice(start, end).join(""), marked: true });
    at = end;
  }
  if (at < points.length) {
    parts.push({ text: points.slice(at).join(""), marked: false });
  }
  return parts;
}
