export interface MessageView {
  id: number;
  /** The room's head when the message was stored: growing in the order messages were stored. */
  seq: number;
  /** "" once deleted. */
  content: string;
  username: string;
  /** HH:MM:SS in UTC, as the original app sent it. */
  date: string;
  /** ISO-8601, UTC. */
  createdAt: string;
  /** ISO-8601, UTC, or null if never edited. */
  editedAt: string | null;
  deleted: boolean;
  /** Usernames mentioned with @name (existing users only), each once. */
  mentions: string[];
  /** The sender's own id for the message; only ever shown to the sender. */
  clientId?: string;
}

/** A message as stored, its times already Dates. */
export interface StoredMessage {
  id: number;
  seq: number;
  changeSeq: number;
  userId: number;
  username: string;
  content: string;
  mentions: string;
  clientId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

/** The wire shape, as `viewerId` may see it. */
export function toMessageView(message: StoredMessage, viewerId: number): MessageView {
  const createdAt = message.createdAt.toISOString();
  const view: MessageView = {
    id: message.id,
    seq: message.seq,
    content: message.content,
    username: message.username,
    date: createdAt.slice(11, 19),
    createdAt,
    editedAt: message.editedAt?.toISOString() ?? null,
    deleted: message.deletedAt !== null,
    mentions: JSON.parse(message.mentions) as string[],
  };
  if (message.clientId !== null && message.userId === viewerId) view.clientId = message.clientId;
  return view;
}
