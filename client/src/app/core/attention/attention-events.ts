import { Message, RoomSummary } from '../api/api-types';

/** Something in a room the user may want to hear about while looking elsewhere. */
export interface AttentionEvent {
  slug: string;
  roomName: string;
  kind: 'mention' | 'message';
  /** How many new mentions (for 'mention') or messages (for 'message'). */
  count: number;
  /** The author, when the event comes from messages seen in the open room. */
  from?: string;
  /** The latest such message's content, as typed (plain text, never HTML). */
  text?: string;
}

/** The open room's part of a sync: the messages first seen in it, not edits of known ones. */
export interface OpenRoomMessages {
  slug: string;
  /** Used when no summary names the room. */
  name?: string;
  newMessages: readonly Message[];
}

const isList = (
  rooms: readonly RoomSummary[] | ReadonlyMap<string, RoomSummary>,
): rooms is readonly RoomSummary[] => Array.isArray(rooms);

const sameUser = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * What two successive syncs mean for the user, one event per room at most.
 * `previous`: every room summary known before this sync (a sync sends only the rooms
 * that changed), or null on the first sync, which gives no events. `next`: the sync's
 * `rooms`. A room whose `mentions` rose gives a 'mention' event, else one whose
 * `unread` rose a 'message' event, counting the increase. The open room is judged by
 * its new messages by others instead of its counts (which rise too while the tab is
 * hidden): a 'mention' if any of them mentions `me`, with the latest one's author and text.
 */
export function attentionEvents(
  previous: readonly RoomSummary[] | ReadonlyMap<string, RoomSummary> | null | undefined,
  next: readonly RoomSummary[],
  openRoom: OpenRoomMessages | null,
  me: string,
): AttentionEvent[] {
  if (!previous) return [];
  const known = isList(previous) ? new Map(previous.map((room) => [room.slug, room])) : previous;
  const events: AttentionEvent[] = [];
  for (const room of next) {
    if (room.slug === openRoom?.slug) continue;
    const before = known.get(room.slug);
    const mentions = room.mentions - (before?.mentions ?? 0);
    const unread = room.unread - (before?.unread ?? 0);
    const base = { slug: room.slug, roomName: room.name };
    if (mentions > 0) events.push({ ...base, kind: 'mention', count: mentions });
    else if (unread > 0) events.push({ ...base, kind: 'message', count: unread });
  }
  if (openRoom) {
    const event = openRoomEvent(openRoom, next, known, me);
    if (event) events.push(event);
  }
  return events;
}

function openRoomEvent(
  openRoom: OpenRoomMessages,
  next: readonly RoomSummary[],
  known: ReadonlyMap<string, RoomSummary>,
  me: string,
): AttentionEvent | null {
  const byOthers = openRoom.newMessages.filter(
    (message) => !message.deleted && !sameUser(message.username, me),
  );
  if (byOthers.length === 0) return null;
  const mentioning = byOthers.filter((message) =>
    message.mentions.some((name) => sameUser(name, me)),
  );
  const counted = mentioning.length > 0 ? mentioning : byOthers;
  const latest = counted[counted.length - 1];
  const summary = next.find((room) => room.slug === openRoom.slug) ?? known.get(openRoom.slug);
  return {
    slug: openRoom.slug,
    roomName: summary?.name ?? openRoom.name ?? openRoom.slug,
    kind: mentioning.length > 0 ? 'mention' : 'message',
    count: counted.length,
    from: latest.username,
    text: latest.content,
  };
}
