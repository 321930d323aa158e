import { BadRequestException } from '@nestjs/common';

/** What a tab has been told about one room. */
export interface RoomKnowledge {
  /** The room's head when its counts were last sent. */
  lastSeq: number;
  /** The user's read position when its counts were last sent. */
  readSeq: number;
}

/**
 * Everything a tab knows, carried by the tab itself: any instance can answer it,
 * before or after a restart. Opaque to clients; it is text of the form
 * `1.<epoch>.<user>.<room>-<seq>.<rooms>`, numbers in base 36, `-` where no room is
 * open, and `<rooms>` one `<id step>-<lastSeq>[-<readSeq>]` per room joined by `_`,
 * ids ascending as steps from the previous one, readSeq left out when it equals
 * lastSeq (all read): about 6 characters a room.
 */
export interface SyncCursor {
  epoch: string;
  userId: number;
  /** The open room and the last of its changes the tab has. */
  open: { roomId: number; seq: number } | null;
  rooms: Map<number, RoomKnowledge>;
}

const VERSION = '1';
const NUMBER = /^[0-9a-z]{1,11}$/;
const EPOCH = /^[0-9a-f]{16}$/;

export function encodeCursor(cursor: SyncCursor): string {
  const open = cursor.open ? `${b36(cursor.open.roomId)}-${b36(cursor.open.seq)}` : '-';
  let previousId = 0;
  const rooms = [...cursor.rooms]
    .sort(([a], [b]) => a - b)
    .map(([id, { lastSeq, readSeq }]) => {
      const step = id - previousId;
      previousId = id;
      const read = readSeq === lastSeq ? '' : `-${b36(readSeq)}`;
      return `${b36(step)}-${b36(lastSeq)}${read}`;
    })
    .join('_');
  return `${VERSION}.${cursor.epoch}.${b36(cursor.userId)}.${open}.${rooms}`;
}

/** The cursor, or a 400 for anything this server did not make. */
export function decodeCursor(text: string): SyncCursor {
  const parts = text.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION || !EPOCH.test(parts[1])) throw malformed();
  const [, epoch, user, open, rooms] = parts;
  const cursor: SyncCursor = { epoch, userId: number(user), open: null, rooms: new Map() };
  if (open !== '-') {
    const [roomId, seq, ...rest] = open.split('-').map(number);
    if (seq === undefined || rest.length > 0) throw malformed();
    cursor.open = { roomId, seq };
  }
  let id = 0;
  for (const entry of rooms === '' ? [] : rooms.split('_')) {
    const [step, lastSeq, readSeq = lastSeq, ...rest] = entry.split('-').map(number);
    if (lastSeq === undefined || rest.length > 0 || step < 1) throw malformed();
    id += step;
    cursor.rooms.set(id, { lastSeq, readSeq });
  }
  return cursor;
}

function b36(value: number): string {
  return value.toString(36);
}

function number(text: string): number {
  if (!NUMBER.test(text)) throw malformed();
  const value = parseInt(text, 36);
  if (!Number.isSafeInteger(value)) throw malformed();
  return value;
}

function malformed(): BadRequestException {
  return new BadRequestException('since must be a cursor from an earlier sync');
}
