/**
 * The `@name` being typed, as the server reads mentions (server/src/messages/mentions.ts):
 * a name is what a username may hold (letters, digits, ".", "_", "-"; USERNAME_PATTERN in
 * chat-rules), and the `@` must not follow a letter, digit, ".", "_", "-" or "@" of any
 * script, so `mail@example` is an address, not a mention.
 */
const NAME_CHAR = /^[A-Za-z0-9._-]$/;
/** Tested on what ends just before the `@` (its last code point). */
const NOT_BEFORE_MENTION = /[\p{L}\p{N}._@-]$/u;

/** The `@word` at the caret: where its `@` is, and the name typed so far. */
export interface MentionWord {
  start: number;
  query: string;
}

/**
 * The `@word` being typed at `caret`: from its `@` to the caret (the query may be empty,
 * right after the `@`). Null when the caret is not in such a word.
 */
export function mentionAt(text: string, caret: number): MentionWord | null {
  if (!Number.isInteger(caret) || caret < 0 || caret > text.length) return null;
  let at = caret - 1;
  while (at >= 0 && NAME_CHAR.test(text[at])) at--;
  if (at < 0 || text[at] !== '@') return null;
  // Two units, so that a surrogate pair before the `@` is read as the one character it is.
  if (NOT_BEFORE_MENTION.test(text.slice(Math.max(0, at - 2), at))) return null;
  return { start: at, query: text.slice(at + 1, caret) };
}

const byName = (a: string, b: string): number => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The people whose name holds `query`, ignoring case: those it starts first, then those
 * it is inside, each group in alphabetical order; each name once (names differing only
 * in case are one user to the server), at most `limit`.
 */
export function matchPeople(query: string, people: readonly string[], limit = 8): string[] {
  const wanted = query.toLowerCase();
  const seen = new Set<string>();
  const starting: string[] = [];
  const inside: string[] = [];
  for (const name of people) {
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const found = key.indexOf(wanted);
    if (found === 0) starting.push(name);
    else if (found > 0) inside.push(name);
  }
  return [...starting.sort(byName), ...inside.sort(byName)].slice(0, Math.max(0, limit));
}

/**
 * `text` with the `@query` from `start` to `caret` replaced by `@username ` and the caret
 * just after that space. A space already at the caret is reused rather than doubled.
 */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  username: string,
): { text: string; caret: number } {
  const rest = text.slice(caret);
  const mention = rest.startsWith(' ') ? `@${username}` : `@${username} `;
  return {
    text: text.slice(0, start) + mention + rest,
    caret: start + `@${username} `.length,
  };
}
