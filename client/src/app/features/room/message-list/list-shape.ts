import { Message } from '../../../core/api/api-types';
import { OutboxEntry } from '../../chat/state/outbox';

/** What the scroll position depends on: which messages are first and last, and how many. */
export interface ListShape {
  firstId: number | undefined;
  /** The newest message and the newest pending one (shown after every message). */
  lastKey: string | undefined;
  /** The newest pending one's clientId. */
  lastPending: string | undefined;
  count: number;
  /** The newest message is the reader's own. */
  lastIsOwn: boolean;
  loaded: boolean;
}

export function listShape(
  messages: readonly Message[],
  pending: readonly OutboxEntry[],
  me?: string,
): ListShape {
  const lastPending = pending.at(-1);
  const lastMessage = messages.at(-1);
  return {
    firstId: messages[0]?.id,
    lastKey:
      lastMessage || lastPending
        ? `m${lastMessage?.id ?? ''} p${lastPending?.clientId ?? ''}`
        : undefined,
    lastPending: lastPending?.clientId,
    count: messages.length + pending.length,
    lastIsOwn: me !== undefined && lastMessage?.username === me,
    loaded: messages.length > 0 || pending.length > 0,
  };
}

/**
 * What to do with the scroll position after a render:
 * - open: a new list (a room opened, a reset): go to the first unread, or the bottom;
 * - keep-place: older messages came in above: the reader stays on what they read;
 * - follow: new ones below and the reader was at the bottom, or sent it: show them;
 * - announce: new ones below while the reader is scrolled up: offer "New messages";
 * - none.
 */
export function scrollPlan(
  before: ListShape | null,
  after: ListShape,
  atBottom: boolean,
): 'open' | 'keep-place' | 'follow' | 'announce' | 'none' {
  if (!before || !before.loaded) return after.loaded ? 'open' : 'none';
  if (after.count === 0) return 'none';
  if (
    before.firstId !== after.firstId &&
    after.count > before.count &&
    before.lastKey === after.lastKey
  )
    return 'keep-place';
  if (before.lastKey === after.lastKey) return 'none';
  if (after.count < before.count) return before.firstId !== after.firstId ? 'open' : 'none';
  const sent = after.lastPending !== undefined && after.lastPending !== before.lastPending;
  return atBottom || sent || after.lastIsOwn ? 'follow' : 'announce';
}

/**
 * The seq of the first message the reader has not read (one by someone else after
 * their read position), or null when there is none: where the divider goes.
 */
export function firstUnreadSeq(
  messages: readonly Message[],
  readSeq: number,
  me: string,
): number | null {
  const first = messages.find(
    (message) => message.seq > readSeq && message.username !== me && !message.deleted,
  );
  return first ? first.seq : null;
}
