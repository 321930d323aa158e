import { expect, test } from '../fixtures';
import type { SyncResponse } from '../helpers/api';
import { ChatRoom } from '../helpers/chat-room';

test.describe('talking in a room', () => {
  test("two users in one room see each other's messages within a poll", async ({
    room,
    createUser,
    openPageAs,
  }) => {
    const [alice, bob] = await Promise.all([createUser('alice'), createUser('bob')]);
    const aliceRoom = new ChatRoom(await openPageAs(alice));
    const bobRoom = new ChatRoom(await openPageAs(bob));
    await Promise.all([aliceRoom.open(room), bobRoom.open(room)]);

    await aliceRoom.send('Hello from Alice');
    await expect(aliceRoom.message('Hello from Alice')).toBeVisible();
    // Polls run every 2 s: 4 s is one interval plus a generous margin.
    await expect(bobRoom.message('Hello from Alice')).toBeVisible({ timeout: 4_000 });
    await expect(bobRoom.messages.filter({ hasText: 'Hello from Alice' })).toContainText(
      alice.username,
    );

    await bobRoom.send('Hi Alice, Bob here');
    await expect(bobRoom.message('Hi Alice, Bob here')).toBeVisible();
    await expect(aliceRoom.message('Hi Alice, Bob here')).toBeVisible({ timeout: 4_000 });

    // Both see the same conversation, once each, in order.
    for (const chat of [aliceRoom, bobRoom]) {
      await expect(chat.messages).toHaveCount(2);
      await expect(chat.log.getByText(/^(Hello from Alice|Hi Alice, Bob here)$/)).toHaveText([
        'Hello from Alice',
        'Hi Alice, Bob here',
      ]);
    }
  });

  test('a sent message appears at once for its sender, without waiting for a poll', async ({
    userPage: page,
    room,
  }) => {
    // Syncs after the first find nothing here, so the message can only come from the
    // send's own response.
    await page.route(
      (url) => url.pathname === '/api/sync' && url.searchParams.has('since'),
      (route) => {
        const since = new URL(route.request().url()).searchParams.get('since') ?? '';
        const nothingNew: SyncResponse = {
          cursor: since,
          reset: false,
          room: { slug: room.slug, first: false, changes: [], more: false, typing: [] },
          rooms: [],
          online: [],
        };
        return route.fulfill({ json: nothingNew });
      },
    );
    const chat = new ChatRoom(page);
    await chat.open(room);

    await chat.send('Clicked Send');
    await expect(chat.message('Clicked Send')).toBeVisible({ timeout: 1_500 });
    await expect(chat.textbox).toHaveValue('');

    // Enter sends too.
    await chat.textbox.fill('Pressed Enter');
    await chat.textbox.press('Enter');
    await expect(chat.message('Pressed Enter')).toBeVisible({ timeout: 1_500 });
    await expect(chat.messages).toHaveCount(2);
  });

  test('a blank message cannot be sent', async ({ userPage: page, user, room }) => {
    const sends: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (request.method() === 'POST' && pathname.endsWith('/messages')) sends.push(pathname);
    });
    const chat = new ChatRoom(page);
    await chat.open(room);

    await expect(chat.sendButton).toBeDisabled();
    await chat.textbox.fill('   \n\t  ');
    await expect(chat.sendButton).toBeDisabled();
    await chat.textbox.press('Enter');
    await expect(chat.textbox).toHaveValue('   \n\t  ');
    await chat.textbox.fill('  not blank  ');
    await expect(chat.sendButton).toBeEnabled();
    await expect(chat.log).toContainText('No messages yet');
    expect(sends).toEqual([]);

    // The server refuses blank content too.
    for (const content of ['', '   ', '\n\t ']) {
      const response = await user.api.post(`/api/rooms/${room.slug}/messages`, { content });
      expect(response.status(), JSON.stringify(content)).toBe(400);
    }
  });

  test('entering shows the latest 25 messages; "Load older messages" adds the rest, in order', async ({
    userPage: page,
    user,
    room,
  }) => {
    const contents = Array.from(
      { length: 30 },
      (_, index) => `History ${String(index + 1).padStart(2, '0')}`,
    );
    for (const content of contents) await user.api.postMessage(room.slug, content);
    const chat = new ChatRoom(page);
    const history = chat.log.getByText(/^History \d\d$/);

    await chat.open(room);
    await expect(chat.messages).toHaveCount(25);
    await expect(history).toHaveText(contents.slice(5));

    await page.reload();
    await expect(chat.heading(room.name)).toBeVisible();
    await expect(chat.messages).toHaveCount(25);
    await expect(history).toHaveText(contents.slice(5));

    await chat.loadOlderButton.click();
    await expect(chat.messages).toHaveCount(30);
    await expect(history).toHaveText(contents);
    // Five were left, fewer than a page: there is nothing older.
    await expect(chat.loadOlderButton).toBeHidden();
    const ids = await chat.messages.evaluateAll((items) =>
      items.map((item) => Number(item.getAttribute('data-message-id'))),
    );
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});
