/** The server's JSON shapes: mirrors the server's `*.view.ts` files. */
export interface User {
  id: number;
  username: string;
  isAdmin: boolean;
}

export interface Room {
  id: number;
  name: string;
  slug: string;
}

export interface Message {
  id: number;
  /** The message's place in its room: 1, 2, 3… with no gaps, in the order messages were stored. */
  seq: number;
  /** "" once deleted. */
  content: string;
  username: string;
  /** HH:MM:SS, UTC. */
  date: string;
  /** ISO-8601, UTC. */
  createdAt: string;
  /** ISO-8601, UTC, or null if never edited. */
  editedAt: string | null;
  /** A tombstone: the content is gone, the message keeps its place. */
  deleted: boolean;
  /** Usernames mentioned with @name (existing users only), each once. */
  mentions: string[];
  /** The sender's own id for the message; only ever sent to the sender. */
  clientId?: string;
}

/** The open room's part of a sync. */
export interface SyncRoom {
  slug: string;
  /** `changes` is the room's latest page, not what changed since the cursor: replace the view. */
  first: boolean;
  /** New, edited and deleted messages (each once, in its latest state), oldest change first. */
  changes: Message[];
  /** More changes are waiting: sync again at once. */
  more: boolean;
  /** Others typing in the room now. */
  typing: string[];
}

/** A room's counts for this user, in a sync. */
export interface RoomSummary {
  slug: string;
  name: string;
  /** The seq of the room's latest change. */
  lastSeq: number;
  /** The user's read position: messages after it are unread. */
  readSeq: number;
  /** Messages by others after readSeq, not deleted; 999 means 999 or more. */
  unread: number;
  /** How many of those mention the user. */
  mentions: number;
}

/** `GET /api/sync`: the one poll of a tab. */
export interface SyncResponse {
  /** Pass it back, as it came, as `since` on the next sync. */
  cursor: string;
  /** The cursor no longer matched the server: redraw from this answer. */
  reset: boolean;
  /** The open room's part; null when no room was asked for. */
  room: SyncRoom | null;
  /** Rooms whose counts or heads changed since the cursor; every room on a first call. */
  rooms: RoomSummary[];
  /** Users with a tab open (synced in the last 30 s), whole server, sorted. */
  online: string[];
}

/** Nest's error body. */
export interface ApiError {
  statusCode: number;
  message: string | string[];
  error?: string;
}
