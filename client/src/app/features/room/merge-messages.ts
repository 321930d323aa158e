import { Message } from '../../core/api/api-types';

/**
 * `current` plus `incoming`, each id once, in seq order: a message may arrive by a
 * sync, by a send's answer and by "load older", in any order. A copy never replaces
 * a later state of its message (an edit, a deletion) with an earlier one.
 */
export function mergeMessages(
  current: readonly Message[],
  incoming: readonly Message[],
): Message[] {
  if (incoming.length === 0) return current as Message[];
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) {
    const shown = byId.get(message.id);
    if (!shown || !isEarlierState(message, shown)) byId.set(message.id, message);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * A sync's changes applied to the view: shown messages replaced by their new state,
 * new ones added in place. A change to a message older than the oldest shown is
 * left out: that part of history is not loaded, and "load older" brings it as it is.
 */
export function applyChanges(current: readonly Message[], changes: readonly Message[]): Message[] {
  const oldest = current[0]?.seq;
  return mergeMessages(
    current,
    oldest === undefined ? changes : changes.filter((message) => message.seq >= oldest),
  );
}

/** Deletion is final and edits only move `editedAt` forward. */
function isEarlierState(copy: Message, shown: Message): boolean {
  if (shown.deleted) return !copy.deleted;
  return (copy.editedAt ?? '') < (shown.editedAt ?? '');
}
