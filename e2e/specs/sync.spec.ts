import { expect, test } from '../fixtures';
import { ChatRoom, WITHIN_A_SYNC } from '../helpers/chat-room';

test.describe('the sync poll', () => {
  test("an edit and a delete reach the other user's open page, in place", async ({
    room,
    createUser,
    openPageAs,
  }) => {
    const [alice, bob] = await Promise.all([createUser('alice'), createUser('bob')]);
    const first = await alice.api.postMessage(room.slug, 'Lunch at noon?');
    const second = await alice.api.postMessage(room.slug, 'I will bring snacks');
    await alice.api.postMessage(room.slug, 'See you there');
    const bobRoom = new ChatRoom(await openPageAs(bob));
    await bobRoom.open(room);
    await expect(bobRoom.messages).toHaveCount(3);

    await alice.api.editMessage(room.slug, first.id, 'Lunch at one?');
    await expect(bobRoom.message('Lunch at one?')).toBeVisible(WITHIN_A_SYNC);
    await expect(bobRoom.message('Lunch at noon?')).toHaveCount(0);
    await expect(bobRoom.item(first.id)).toContainText('(edited)');

    await alice.api.deleteMessage(room.slug, second.id);
    await expect(bobRoom.item(second.id)).toContainText('message deleted', WITHIN_A_SYNC);
    await expect(bobRoom.message('I will bring snacks')).toHaveCount(0);
    await expect(bobRoom.item(second.id)).not.toContainText('(edited)');

    // Still three, in their places.
    await expect(bobRoom.messages).toHaveCount(3);
    await expect(bobRoom.messages).toHaveText([
      /Lunch at one\?/,
      /message deleted/,
      /See you there/,
    ]);

    // A fresh load shows the same.
    await bobRoom.page.reload();
    await expect(bobRoom.item(first.id)).toContainText('Lunch at one?');
    await expect(bobRoom.item(first.id)).toContainText('(edited)');
    await expect(bobRoom.item(second.id)).toContainText('message deleted');
    await expect(bobRoom.messages).toHaveCount(3);
  });

  test('a send whose answer was lost is sent again with its clientId and stored once', async ({
    userPage: page,
    user,
    room,
  }) => {
    const bodies: unknown[] = [];
    let lost = false;
    // Syncs wait for the resend: a sync could otherwise bring the stored message first,
    // which settles the send as well (and is tested in the unit tests).
    let resent = () => {};
    const resend = new Promise<void>((resolve) => (resent = resolve));
    await page.route(
      (url) => url.pathname === '/api/sync' && url.searchParams.has('since'),
      async (route) => {
        if (lost) await Promise.race([resend, new Promise((r) => setTimeout(r, 5_000))]);
        return route.continue();
      },
    );
    await page.route(`/api/rooms/${room.slug}/messages`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      bodies.push(route.request().postDataJSON());
      if (lost) {
        resent();
        return route.continue();
      }
      // The server gets it and stores it; the answer never reaches the page.
      lost = true;
      await route.fetch();
      return route.abort('connectionreset');
    });
    const chat = new ChatRoom(page);
    await chat.open(room);

    await chat.send('Only once, please');
    await expect(chat.message('Only once, please')).toBeVisible();
    await expect(chat.textbox).toHaveValue('');
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[0]).toMatchObject({ content: 'Only once, please', clientId: expect.any(String) });

    const stored = await user.api.latestMessages(room.slug);
    expect(stored.map((message) => message.content)).toEqual(['Only once, please']);
    await page.reload();
    await expect(chat.message('Only once, please')).toBeVisible();
    await expect(chat.messages).toHaveCount(1);
  });

  test('someone typing shows in the other page', async ({ room, createUser, openPageAs }) => {
    const [alice, bob] = await Promise.all([createUser('alice'), createUser('bob')]);
    const aliceRoom = new ChatRoom(await openPageAs(alice));
    const bobRoom = new ChatRoom(await openPageAs(bob));
    await Promise.all([aliceRoom.open(room), bobRoom.open(room)]);

    await bobRoom.textbox.pressSequentially('Hel');
    await expect(aliceRoom.page.getByText(`${bob.username} is typing…`)).toBeVisible(WITHIN_A_SYNC);
    // Sending ends it.
    await bobRoom.textbox.press('Enter');
    await expect(aliceRoom.message('Hel')).toBeVisible(WITHIN_A_SYNC);
    await expect(aliceRoom.page.getByText(`${bob.username} is typing…`)).toBeHidden(WITHIN_A_SYNC);
    await expect(bobRoom.page.getByText('is typing')).toHaveCount(0);
  });

  test('opening a room marks what it shows as read', async ({ room, createUser, openPageAs }) => {
    const [alice, bob] = await Promise.all([createUser('alice'), createUser('bob')]);
    for (const content of ['One', 'Two', 'Three']) await alice.api.postMessage(room.slug, content);
    const unread = async () =>
      (await bob.api.sync()).rooms.find((summary) => summary.slug === room.slug)?.unread;
    expect(await unread()).toBe(3);

    const bobRoom = new ChatRoom(await openPageAs(bob));
    await bobRoom.open(room);
    await expect(bobRoom.messages).toHaveCount(3);
    await expect.poll(unread).toBe(0);

    // A message arriving while the page is open is read too.
    await alice.api.postMessage(room.slug, 'Four');
    await expect(bobRoom.message('Four')).toBeVisible(WITHIN_A_SYNC);
    await expect.poll(unread).toBe(0);
  });
});
