import { expect, test as base } from '../fixtures';
import { ChatApi, PASSWORD } from '../helpers/api';
import { ChatRoom } from '../helpers/chat-room';
import { startServer, type ChatServer } from '../helpers/server';

/** This test stops its server: it gets one of its own, not the shared one. */
const test = base.extend<{ server: ChatServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.dispose();
  },
});

test('"Reconnecting…" shows while the server is down and goes when it is back, with nothing duplicated', async ({
  server,
  openPageAs,
  unique,
}) => {
  test.slow(); // it starts its own server, and restarts it
  // The first account on this server's fresh database, so its admin: it can make the room.
  const credentials = { username: unique('solo'), password: PASSWORD };
  const api = await ChatApi.signUp(server.url, credentials);
  try {
    const room = await api.createRoom({ name: 'Outage', slug: unique('outage') });
    const chat = new ChatRoom(await openPageAs({ ...credentials, user: api.user, api }));
    await chat.open(room);
    await chat.send('Before the outage');
    await expect(chat.message('Before the outage')).toBeVisible();
    await expect(chat.reconnecting).toBeHidden();

    await server.stop();
    // The next poll (at most 2 s away) fails.
    await expect(chat.reconnecting).toBeVisible({ timeout: 4_000 });
    await expect(chat.reconnecting).toHaveText('Reconnecting…');
    // A message sent now shows at once as sending, then as failed once its retries are
    // spent; the box is free for the next one.
    await chat.send('Sent after the recovery');
    await expect(chat.textbox).toHaveValue('');
    const pending = chat.pending('Sent after the recovery');
    await expect(pending).toContainText('Sending…');
    await expect(pending).toContainText('Failed', { timeout: 8_000 });
    await expect(pending.getByRole('button', { name: /^Retry/ })).toBeVisible();

    // Same port, same data: sessions and messages survive, and the outbox goes out by
    // itself once the connection is back.
    await server.restart();
    await expect(chat.reconnecting).toBeHidden({ timeout: 4_000 });
    await expect(chat.message('Sent after the recovery')).toBeVisible({ timeout: 4_000 });
    await expect(chat.pendingItems).toHaveCount(0);
    // Someone else's message comes by poll, after the poll that fetched ours again.
    const other = await ChatApi.signUp(server.url, {
      username: unique('other'),
      password: PASSWORD,
    });
    await other.postMessage(room.slug, 'From the API');
    await other.dispose();
    await expect(chat.message('From the API')).toBeVisible({ timeout: 4_000 });

    await expect(chat.messages).toHaveCount(3);
    await expect(
      chat.log.getByText(/^(Before the outage|Sent after the recovery|From the API)$/),
    ).toHaveText(['Before the outage', 'Sent after the recovery', 'From the API']);
    await expect(chat.reconnecting).toBeHidden();
  } finally {
    await api.dispose();
  }
});
