import type { MessageInitShape } from "@bufbuild/protobuf";
import type { MentionSchema } from "../gen/cohort/chat/v1/chat_pb";

/** A person picked from the mention list while writing: the name as inserted after "@". */
export interface PickedMention {
  userId: string;
  name: string;
}

/** The "@partial" being typed at the end of the text (what the autocomplete filters by), or null. */
export function mentionQuery(text: string): string | null {
  const match = /(?:^|\s)@([^\s@]{0,40})$/.exec(text);
  return match ? match[1]! : null;
}

/** The text with the "@partial" at its end replaced by "@Name " (the pick from the list). */
export function completeMention(text: string, name: string): string {
  return text.replace(/@([^\s@]{0,40})$/, `@${name} `);
}

/**
 * The mentions to send with `text`: each picked person whose "@Name" is still in the text, at every place it
 * occurs, with start and length in Unicode code points as the contract counts them (not UTF-16 units).
 */
export function mentionsIn(text: string, picked: readonly PickedMention[]): MessageInitShape<typeof MentionSchema>[] {
  const mentions: MessageInitShape<typeof MentionSchema>[] = [];
  const seen = new Set<string>();
  for (const person of picked) {
    const token = `@${person.name}`;
    if (seen.has(token)) {
      continue;
    }
    seen.add(token);
    for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + token.length)) {
      mentions.push({ userId: person.userId, start: Array.from(text.slice(0, at)).length, length: Array.from(token).length });
    }
  }
  return mentions.sort((a, b) => (a.start ?? 0) - (b.start ?? 0)).slice(0, 50);
}
