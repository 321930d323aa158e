import { MessageView } from '../messages/message.view';

/** The open room's part of a sync. */
export interface SyncRoomView {
  slug: string;
  /**
   * True when `changes` is the room's latest page rather than what changed since
   * the cursor (a first call, a room just opened, a reset): replace the view with it.
   */
  first: boolean;
  /** New, edited and deleted messages, oldest change first. */
  changes: MessageView[];
  /** More changes are waiting: sync again at once. */
  more: boolean;
  /** Others typing in the room now. */
  typing: string[];
}

export interface SyncRoomSummary {
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

export interface SyncView {
  /** Pass it back as `since` on the next sync. */
  cursor: string;
  /** The cursor was from another database or no longer matches it: redraw from this answer. */
  reset: boolean;
  room: SyncRoomView | null;
  /** Rooms whose counts or heads changed since the cursor; every room on a first call. */
  rooms: SyncRoomSummary[];
  /** Users with a tab open (synced in the last 30 s), whole server, sorted. */
  online: readonly string[];
}
