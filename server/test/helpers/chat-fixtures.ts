import type { DataSource } from 'typeorm';
import { Message } from '../../src/messages/message.entity';
import { ApiClient, uniqueName } from './api-client';
import { query } from './sql';

export interface SignedUpUser {
  client: ApiClient;
  user: { id: number; username: string; isAdmin: boolean };
}

/** A new client, signed up (and so logged in) through the API; throws unless that answered 201. */
export async function signUp(baseUrl: string, prefix = 'user'): Promise<SignedUpUser> {
  const client = new ApiClient(baseUrl);
  const response = await client.signup(uniqueName(prefix));
  if (response.status !== 201) {
    throw new Error(`sign-up answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return { client, user: response.body.user };
}

export interface RoomBody {
  id: number;
  name: string;
  slug: string;
}

/** Creates a room through the API as `admin`; throws unless that answered 201. */
export async function createRoom(
  admin: ApiClient,
  body: { name: string; slug?: string },
): Promise<RoomBody> {
  const response = await admin.post('/api/rooms', body);
  if (response.status !== 201) {
    throw new Error(
      `POST /api/rooms answered ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.room as RoomBody;
}

/**
 * Inserts `count` messages straight into the messages table (not through the API,
 * which would take one request each), one second apart from `firstAt`, and
 * returns every message of the room, ascending by id.
 */
export async function insertMessages(
  dataSource: DataSource,
  options: {
    roomId: number;
    userId: number;
    count: number;
    firstAt?: Date;
    content?: (index: number) => string;
  },
): Promise<Message[]> {
  const repository = dataSource.getRepository(Message);
  const firstAt = options.firstAt?.getTime() ?? Date.UTC(2024, 0, 2, 3, 4, 5, 678);
  const content = options.content ?? ((index: number) => `message ${index + 1}`);
  // Each message takes the room's next seq, as a send does (the database checks it).
  const [{ lastSeq }] = await query<{ lastSeq: number }[]>(
    dataSource,
    `SELECT "lastSeq" FROM rooms WHERE id = ?`,
    [options.roomId],
  );
  const rows = Array.from({ length: options.count }, (_, index) =>
    repository.create({
      roomId: options.roomId,
      userId: options.userId,
      content: content(index),
      createdAt: new Date(firstAt + index * 1000),
      seq: Number(lastSeq) + 1 + index,
      changeSeq: Number(lastSeq) + 1 + index,
    }),
  );
  // Small batches: one INSERT each, well under SQLite's limit on bound variables.
  for (let start = 0; start < rows.length; start += 50) {
    await repository.insert(rows.slice(start, start + 50));
  }
  return repository.find({ where: { roomId: options.roomId }, order: { id: 'ASC' } });
}
