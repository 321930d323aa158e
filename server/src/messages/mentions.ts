/**
 * `@name` mentions. A name is what a username may hold (letters, digits, ".",
 * "_", "-"), so a sentence's full stop sticks to it ("thanks @alice."): a name
 * that is no user is tried again without its trailing punctuation.
 */
const MENTION = /(?<![\p{L}\p{N}._@-])@([A-Za-z0-9._-]{1,64})/gu;

/** Lower-cased names that might be users, for one lookup. */
export function mentionCandidates(content: string): string[] {
  const keys = new Set<string>();
  for (const [, name] of content.matchAll(MENTION)) {
    const key = name.toLowerCase();
    keys.add(key);
    keys.add(key.replace(/[._-]+$/, ''));
  }
  keys.delete('');
  return [...keys];
}

/**
 * The usernames mentioned, as they are spelled by their owners, each once, in the
 * order they first appear. `users` maps lower-cased names to usernames.
 */
export function findMentions(content: string, users: ReadonlyMap<string, string>): string[] {
  const found = new Set<string>();
  for (const [, name] of content.matchAll(MENTION)) {
    const key = name.toLowerCase();
    const username = users.get(key) ?? users.get(key.replace(/[._-]+$/, ''));
    if (username) found.add(username);
  }
  return [...found];
}
