export interface MessageView {
  id: number;
  content: string;
  username: string;
  /** HH:MM:SS in UTC, as the original app sent it. */
  date: string;
  /** ISO-8601, UTC. */
  createdAt: string;
}

export function toMessageView(message: {
  id: number;
  content: string;
  username: string;
  createdAt: Date;
}): MessageView {
  const createdAt = message.createdAt.toISOString();
  return {
    id: message.id,
    content: message.content,
    username: message.username,
    date: createdAt.slice(11, 19),
    createdAt,
  };
}
