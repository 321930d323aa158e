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
 * `1.<epoch>.<user>.<room>-<seq>.<id>-<lastSeq>-<readSeq>_…`, numbers in base 36,
 * `-` where no room is open.
 */
export interface SyncCursor {
  epoch: string;
  userId: number;
  /** The open room and the last of its changes the tab has. */
  open: { roomId: number; seq: number } | null;
  rooms: Map<number, RoomKnowledge>;
}

const VERSION = '1';
const NUMBER = '[0-9a-z]{1,11}';
const SHAPE = new RegExp(
  `^${VERSION}\\.([0-9a-f]{16})\\.(${NUMBER})\\.(-|${NUMBER}-${NUMBER})\\.` +
    `((?:${NUMBER}-${NUMBER}-${NUMBER})(?:_${NUMBER}-${NUMBER}-${NUMBER})*)?$`,
);

export function encodeCursor(cursor: SyncCursor): string {
  const open = cursor.open ? `${b36(cursor.open.roomId)}-${b36(cursor.open.seq)}` : '-';
  const rooms = [...cursor.rooms]
    .map(([id, known]) => `${b36(id)}-${b36(known.lastSeq)}-${b36(known.readSeq)}`)
    .join('_');
  return `${VERSION}.${cursor.epoch}.${b36(cursor.userId)}.${open}.${rooms}`;
}

/** The cursor, or a 400 for anything this server did not make. */
export function decodeCursor(text: string): SyncCursor {
  const match = SHAPE.exec(text);
  if (!match) throw malformed();
  const [, epoch, user, open, rooms] = match;
  const cursor: SyncCursor = {
    epoch,
    userId: number(user),
    open: null,
    rooms: new Map(),
  };
  if (open !== '-') {
    const [roomId, seq] = open.split('-').map(number);
    cursor.open = { roomId, seq };
  }
  for (const entry of rooms ? rooms.split('_') : []) {
    const [id, lastSeq, readSeq] = entry.split('-').map(number);
    if (cursor.rooms.has(id)) throw malformed();
    cursor.rooms.set(id, { lastSeq, readSeq });
  }
  return cursor;
}

function b36(value: number): string {
  return value.toString(36);
}

function number(text: string): number {
  const value = parseInt(text, 36);
  if (!Number.isSafeInteger(value)) throw malformed();
  return value;
}

function malformed(): BadRequestException {
  return new BadRequestException('since must be a cursor from an earlier sync');
}
