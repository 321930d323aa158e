import { Message } from '../../core/api/api-types';

/**
 * `current` plus `incoming`, each id once, in id order: a message may arrive by
 * a poll, by the send response and by "load older", in any order.
 */
export function mergeMessages(
  current: readonly Message[],
  incoming: readonly Message[],
): Message[] {
  if (incoming.length === 0) return current as Message[];
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
