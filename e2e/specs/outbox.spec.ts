import { expect, test } from '../fixtures';
import { ChatRoom, roomLink, WITHIN_A_SYNC } from '../helpers/chat-room';

test.describe('the outbox and drafts', () => {
  test('messages written while sends fail go out in order, once, after a reload too', async ({
    room,
    createUser,
    openPageAs,
  }) => {
    test.slow();
    const [alice, bob] = await Promise.all([createUser('alice'), createUser('bob')]);
    const page = await openPageAs(alice);
    const chat = new ChatRoom(page);
    await chat.open(room);
    const sends = `/api/rooms/${room.slug}/messages`;
    await page.route(sends, (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue(),
    );

    for (const text of ['first', 'second', 'third']) {
      await chat.textbox.fill(text);
      await chat.textbox.press('Enter');
    }
    // Each shows at once, in order; the box is free for the next.
    await expect(chat.pendingItems).toHaveText([/first/, /second/, /third/]);
    await expect(chat.textbox).toHaveValue('');
    await expect(chat.pending('first')).toContainText('Failed', { timeout: 8_000 });

    // A reload keeps them (this browser's storage), still unsent.
    await page.reload();
    await expect(chat.heading(room.name)).toBeVisible();
    await expect(chat.pendingItems).toHaveText([/first/, /second/, /third/]);

    await page.unroute(sends);
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === sends)
        sent.push((request.postDataJSON() as { content: string }).content);
    });
    // Reloaded: they go out by themselves, one at a time, in the order written.
    await expect(chat.messages).toHaveText([/first/, /second/, /third/], WITHIN_A_SYNC);
    await expect(chat.pendingItems).toHaveCount(0);
    expect(sent).toEqual(['first', 'second', 'third']);

    const bobRoom = new ChatRoom(await openPageAs(bob));
    await bobRoom.open(room);
    await expect(bobRoom.messages).toHaveText([/first/, /second/, /third/]);
    const stored = await bob.api.latestMessages(room.slug);
    expect(stored.map((m) => m.content)).toEqual(['first', 'second', 'third']);
  });

  test('offline: the page says so and what it shows is current up to when; back online it syncs at once', async ({
    userPage: page,
    user,
    room,
  }) => {
    const chat = new ChatRoom(page);
    await chat.open(room);
    await page.context().setOffline(true);
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toHaveText(
      /Offline — showing messages up to \d{1,2}:\d\d/,
    );
    await chat.send('written offline');
    await expect(chat.pending('written offline')).toBeVisible();
    await user.api.postMessage(room.slug, 'from elsewhere');
    await page.context().setOffline(false);
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeHidden();
    await expect(chat.message('from elsewhere')).toBeVisible(WITHIN_A_SYNC);
    await expect(chat.message('written offline')).toBeVisible({ timeout: 8_000 });
    await expect(chat.pendingItems).toHaveCount(0);
  });

  test('a failed message can be discarded, or retried by hand', async ({
    userPage: page,
    room,
  }) => {
    const chat = new ChatRoom(page);
    await chat.open(room);
    // The server refuses these (a 400 is not retried by itself).
    await page.route(`/api/rooms/${room.slug}/messages`, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 400, json: { statusCode: 400, message: 'nope' } })
        : route.continue(),
    );
    await chat.send('refused once');
    await chat.send('refused for good');
    await expect(chat.pending('refused once')).toContainText('Failed (Nope.)');
    await expect(chat.pending('refused for good')).toContainText('Failed');
    await chat
      .pending('refused for good')
      .getByRole('button', { name: /^Discard/ })
      .click();
    await expect(chat.pending('refused for good')).toHaveCount(0);
    await page.unroute(`/api/rooms/${room.slug}/messages`);
    await chat
      .pending('refused once')
      .getByRole('button', { name: /^Retry/ })
      .click();
    await expect(chat.message('refused once')).toBeVisible();
    await expect(chat.pendingItems).toHaveCount(0);
  });

  test('drafts survive a room switch, a reload and a logout elsewhere, which the page reports', async ({
    admin,
    user,
    room,
    userPage: page,
    unique,
  }) => {
    const other = await admin.api.createRoom({
      name: `Other ${unique('o')}`,
      slug: unique('other'),
    });
    const chat = new ChatRoom(page);
    await chat.open(room);
    await chat.textbox.fill('a thought for the first room');
    await roomLink(page, other.name).click();
    await expect(chat.heading(other.name)).toBeVisible();
    await expect(chat.textbox).toHaveValue('');
    await chat.textbox.fill('and one for the other');
    await roomLink(page, room.name).click();
    await expect(chat.textbox).toHaveValue('a thought for the first room');

    await page.reload();
    await expect(chat.textbox).toHaveValue('a thought for the first room');

    // Logged out in another tab: this one says so at its next request, and keeps the drafts.
    await user.api.post('/api/auth/logout');
    await expect(page).toHaveURL(/\/login/, WITHIN_A_SYNC);
    await expect(page.getByRole('status')).toContainText('You were logged out');
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(`/rooms/${room.slug}`);
    await expect(chat.textbox).toHaveValue('a thought for the first room');
    await roomLink(page, other.name).click();
    await expect(chat.textbox).toHaveValue('and one for the other');
  });
});
