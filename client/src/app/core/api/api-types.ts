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
  content: string;
  username: string;
  /** HH:MM:SS, UTC. */
  date: string;
  /** ISO-8601, UTC. */
  createdAt: string;
}

/** Nest's error body. */
export interface ApiError {
  statusCode: number;
  message: string | string[];
  error?: string;
}
