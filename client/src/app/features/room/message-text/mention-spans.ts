import { InlineNode } from './message-node';

/**
 * The server's mention rule (server/src/messages/mentions.ts), character for character:
 * a name is what a username may hold, not glued to a letter, digit, ".", "_", "-" or "@"
 * before it, at most 64 characters.
 */
const MENTION = /(?<![\p{L}\p{N}._@-])@([A-Za-z0-9._-]{1,64})/gu;
const TRAILING_PUNCTUATION = /[._-]+$/;

/** The message's mentioned usernames by lower-cased name, as the server looks them up. */
export function mentionLookup(mentions: readonly string[]): ReadonlyMap<string, string> {
  return new Map(mentions.map((username) => [username.toLowerCase(), username]));
}

/**
 * Plain text as text and mention nodes. A name that is no mentioned user is tried again
 * without its trailing punctuation, as on the server, so `@alice.` highlights `@alice`.
 * `before` is the character just before `text` in the message, which decides whether an
 * `@` at the very start is glued to a word.
 */
export function mentionSpans(
  text: string,
  users: ReadonlyMap<string, string>,
  before = '',
): InlineNode[] {
  if (text === '') return [];
  if (users.size === 0 || !text.includes('@')) return [{ kind: 'text', text }];
  const source = before.slice(-1) + text;
  const offset = source.length - text.length;
  const nodes: InlineNode[] = [];
  let last = offset;
  for (const match of source.matchAll(MENTION)) {
    const name = match[1];
    const key = name.toLowerCase();
    const stripped = key.replace(TRAILING_PUNCTUATION, '');
    const username = users.get(key) ?? (stripped ? users.get(stripped) : undefined);
    if (username === undefined || match.index < offset) continue;
    const end = match.index + 1 + (users.has(key) ? name.length : stripped.length);
    if (match.index > last) nodes.push({ kind: 'text', text: source.slice(last, match.index) });
    nodes.push({ kind: 'mention', text: source.slice(match.index, end), username });
    last = end;
  }
  if (last < source.length) nodes.push({ kind: 'text', text: source.slice(last) });
  return nodes;
}
