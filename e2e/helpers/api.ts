import { request, type APIRequestContext, type APIResponse, type Cookie } from '@playwright/test';

import type { Message, Room, SyncResponse, User } from '../../client/src/app/core/api/api-types';

export type { Message, Room, SyncResponse, User };

export interface Credentials {
  username: string;
  password: string;
}

/** A password the server accepts (8–128 characters, not only digits). */
export const PASSWORD = 'correct horse battery';

let counter = 0;

/**
 * A name no other test in this run uses: lowercase letters, digits and dashes, so it is a
 * valid username and a valid room slug. `tag` should tell workers apart (their counters
 * each start at 0); a random part covers test servers that outlive one run.
 */
export function uniqueName(prefix: string, tag: string | number = process.pid): string {
  counter += 1;
  const random = Math.random().toString(36).slice(2, 6);
  return `${prefix}-${tag}-${counter}-${random}`;
}

/**
 * One API client with its own cookie jar, behaving like the Angular app: it echoes the
 * XSRF-TOKEN cookie in the X-XSRF-TOKEN header on every write.
 */
export class ChatApi {
  private constructor(
    readonly context: APIRequestContext,
    readonly baseURL: string,
  ) {}

  static async open(baseURL: string): Promise<ChatApi> {
    return new ChatApi(await request.newContext({ baseURL }), baseURL);
  }

  /** Signs up (and so logs in); throws unless the server answered 201. */
  static async signUp(
    baseURL: string,
    credentials: Credentials,
  ): Promise<ChatApi & { user: User }> {
    const api = await ChatApi.open(baseURL);
    const response = await api.post('/api/auth/signup', credentials);
    const body = await expectStatus(response, 201, 'sign-up');
    return Object.assign(api, { user: (body as { user: User }).user });
  }

  /** Logs in; throws unless the server answered 200. */
  static async logIn(baseURL: string, credentials: Credentials): Promise<ChatApi & { user: User }> {
    const api = await ChatApi.open(baseURL);
    const response = await api.post('/api/auth/login', credentials);
    const body = await expectStatus(response, 200, 'login');
    return Object.assign(api, { user: (body as { user: User }).user });
  }

  async cookies(): Promise<Cookie[]> {
    return (await this.context.storageState()).cookies;
  }

  /** The session's XSRF token; the first call fetches one, as the app's first GET would. */
  async xsrfToken(): Promise<string> {
    const find = async () =>
      (await this.cookies()).find((cookie) => cookie.name === 'XSRF-TOKEN')?.value;
    let token = await find();
    if (!token) {
      await this.context.get('/api/auth/me');
      token = await find();
    }
    if (!token) throw new Error('The server set no XSRF-TOKEN cookie');
    return decodeURIComponent(token);
  }

  get(path: string): Promise<APIResponse> {
    return this.context.get(path);
  }

  /** A POST with the XSRF header, as the app sends it. */
  async post(path: string, data?: unknown): Promise<APIResponse> {
    return this.context.post(path, {
      data,
      headers: { 'X-XSRF-TOKEN': await this.xsrfToken() },
    });
  }

  /** A PATCH with the XSRF header. */
  async patch(path: string, data?: unknown): Promise<APIResponse> {
    return this.context.patch(path, {
      data,
      headers: { 'X-XSRF-TOKEN': await this.xsrfToken() },
    });
  }

  /** A DELETE with the XSRF header. */
  async delete(path: string): Promise<APIResponse> {
    return this.context.delete(path, { headers: { 'X-XSRF-TOKEN': await this.xsrfToken() } });
  }

  /** Creates a room (admins only); throws unless the server answered 201. */
  async createRoom(room: { name: string; slug?: string }): Promise<Room> {
    const body = await expectStatus(await this.post('/api/rooms', room), 201, 'POST /api/rooms');
    return (body as { room: Room }).room;
  }

  /** Posts a message; throws unless the server answered 201. */
  async postMessage(slug: string, content: string): Promise<Message> {
    const response = await this.post(messagesPath(slug), { content });
    const body = await expectStatus(response, 201, 'POST message');
    return (body as { message: Message }).message;
  }

  /** Edits one of this user's messages; throws unless the server answered 200. */
  async editMessage(slug: string, id: number, content: string): Promise<Message> {
    const response = await this.patch(`${messagesPath(slug)}/${id}`, { content });
    const body = await expectStatus(response, 200, 'PATCH message');
    return (body as { message: Message }).message;
  }

  /** Deletes a message; throws unless the server answered 204. */
  async deleteMessage(slug: string, id: number): Promise<void> {
    const response = await this.delete(`${messagesPath(slug)}/${id}`);
    if (response.status() !== 204) {
      throw new Error(`DELETE message answered ${response.status()}: ${await response.text()}`);
    }
  }

  /** The room's latest messages, oldest first. */
  async latestMessages(slug: string): Promise<Message[]> {
    const body = await expectStatus(await this.get(messagesPath(slug)), 200, 'GET messages');
    return (body as { messages: Message[] }).messages;
  }

  /** A first-call sync (no cursor): every room's counts for this user. */
  async sync(): Promise<SyncResponse> {
    return (await expectStatus(await this.get('/api/sync'), 200, 'GET sync')) as SyncResponse;
  }

  dispose(): Promise<void> {
    return this.context.dispose();
  }
}

function messagesPath(slug: string): string {
  return `/api/rooms/${encodeURIComponent(slug)}/messages`;
}

async function expectStatus(response: APIResponse, status: number, what: string): Promise<unknown> {
  if (response.status() !== status) {
    throw new Error(`${what} answered ${response.status()}: ${await response.text()}`);
  }
  return response.json() as Promise<unknown>;
}
