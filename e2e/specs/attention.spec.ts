import { expect, test as base, type ChatUser } from '../fixtures';
import { ChatApi, PASSWORD } from '../helpers/api';
import { startServer, type ChatServer } from '../helpers/server';
import {
  clickNotification,
  installAttentionProbe,
  setHidden,
  shownNotifications,
} from '../helpers/attention';
import { ChatRoom, roomLink, WITHIN_A_SYNC } from '../helpers/chat-room';

/**
 * The tab title counts unread messages in every room: on the shared server other tests'
 * rooms would count too. These tests get a server of their own, where the first account
 * (the admin) makes the rooms.
 */
const test = base.extend<{ server: ChatServer; signUp: (name: string) => Promise<ChatUser> }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.dispose();
  },
  signUp: async ({ server, unique }, use) => {
    const made: ChatApi[] = [];
    await use(async (name) => {
      const credentials = { username: unique(name), password: PASSWORD };
      const api = await ChatApi.signUp(server.url, credentials);
      made.push(api);
      return { ...credentials, user: api.user, api };
    });
    await Promise.all(made.map((api) => api.dispose()));
  },
});

test.describe('knowing what happened elsewhere', () => {
  test('unread counts appear in every tab of the user, in the list and the title, and clear in both once read', async ({
    signUp,
    openPageAs,
    unique,
  }) => {
    const admin = await signUp('admin');
    const [alice, bob] = await Promise.all([signUp('alice'), signUp('bob')]);
    const here = await admin.api.createRoom({ name: `Here ${unique('h')}`, slug: unique('here') });
    const there = await admin.api.createRoom({
      name: `There ${unique('t')}`,
      slug: unique('there'),
    });
    const first = new ChatRoom(await openPageAs(alice));
    const second = new ChatRoom(await first.page.context().newPage());
    await Promise.all([first.open(here), second.open(here)]);

    for (const text of ['one', 'two', 'three']) await bob.api.postMessage(there.slug, text);
    for (const tab of [first, second]) {
      await expect(roomLink(tab.page, there.name)).toHaveAccessibleName(
        `${there.name}, 3 unread`,
        WITHIN_A_SYNC,
      );
      await expect(tab.page).toHaveTitle(`(3) ${here.name} · Chat`);
    }

    // Opening the room in one tab: the divider marks where the unread start, and the
    // counts clear there at once and in the other tab within a sync.
    await roomLink(first.page, there.name).click();
    await expect(first.heading(there.name)).toBeVisible();
    const divider = first.log.locator('[data-unread-divider]');
    await expect(divider).toContainText('New since you last read');
    await expect(first.messages).toHaveText([/one/, /two/, /three/]);
    await expect(roomLink(first.page, there.name)).toHaveAccessibleName(there.name);
    await expect(first.page).toHaveTitle(`${there.name} · Chat`);
    await expect(roomLink(second.page, there.name)).toHaveAccessibleName(there.name, WITHIN_A_SYNC);
    await expect(second.page).toHaveTitle(`${here.name} · Chat`);

    // A message arriving in the open room is read at once: no count, no new divider.
    await bob.api.postMessage(there.slug, 'four');
    await expect(first.message('four')).toBeVisible(WITHIN_A_SYNC);
    await expect(roomLink(first.page, there.name)).toHaveAccessibleName(there.name);
    await expect(divider).toHaveCount(1);
  });

  test('a message while the tab is hidden is not read until the tab shows again', async ({
    signUp,
    openPageAs,
    unique,
  }) => {
    const admin = await signUp('admin');
    const room = await admin.api.createRoom({ name: `Room ${unique('r')}`, slug: unique('room') });
    const [alice, bob] = await Promise.all([signUp('alice'), signUp('bob')]);
    const page = await openPageAs(alice);
    await installAttentionProbe(page);
    const chat = new ChatRoom(page);
    await chat.open(room);
    await setHidden(page, true);
    await bob.api.postMessage(room.slug, 'While you were away');
    await expect(chat.message('While you were away')).toBeAttached(WITHIN_A_SYNC);
    await expect(roomLink(page, room.name)).toHaveAccessibleName(`${room.name}, 1 unread`);
    await expect(page).toHaveTitle(`(1) ${room.name} · Chat`);
    // Still unread after more syncs: nobody saw it.
    await page.waitForTimeout(2_500);
    expect((await alice.api.sync()).rooms.find((r) => r.slug === room.slug)?.unread).toBe(1);

    await setHidden(page, false);
    await expect(roomLink(page, room.name)).toHaveAccessibleName(room.name);
    await expect
      .poll(async () => (await alice.api.sync()).rooms.find((r) => r.slug === room.slug)?.unread)
      .toBe(0);
  });

  test('a mention raises a badge and, with notifications on, a desktop notification that opens the room', async ({
    signUp,
    openPageAs,
    unique,
  }) => {
    const admin = await signUp('admin');
    const [alice, bob] = await Promise.all([signUp('alice'), signUp('bob')]);
    const here = await admin.api.createRoom({ name: `Here ${unique('h')}`, slug: unique('here') });
    const there = await admin.api.createRoom({
      name: `There ${unique('t')}`,
      slug: unique('there'),
    });
    const page = await openPageAs(alice);
    await installAttentionProbe(page);
    const chat = new ChatRoom(page);
    await chat.open(here);

    await page.getByLabel('Notifications').selectOption({ label: 'Mentions only' });
    await setHidden(page, true);
    await bob.api.postMessage(there.slug, 'nothing for alice');
    await expect(roomLink(page, there.name)).toHaveAccessibleName(
      `${there.name}, 1 unread`,
      WITHIN_A_SYNC,
    );
    await bob.api.postMessage(there.slug, `@${alice.username} can you look at this?`);
    await expect(roomLink(page, there.name)).toHaveAccessibleName(
      `${there.name}, 2 unread, 1 mention`,
      WITHIN_A_SYNC,
    );
    await expect(page).toHaveTitle(`(@2) ${here.name} · Chat`);

    // "Mentions only": one notification, for the mention, not for the plain message.
    await expect.poll(() => shownNotifications(page)).toHaveLength(1);
    const [shown] = await shownNotifications(page);
    expect(shown.title).toContain(there.name);
    expect(shown.title).toContain('mention');
    expect(shown.tag).toBe(`chat-room-${there.slug}`);

    await clickNotification(page, 0);
    await expect(page).toHaveURL(`/rooms/${there.slug}`);
    await setHidden(page, false);
    await expect(chat.message(`@${alice.username} can you look at this?`)).toBeVisible();
    await expect(chat.log.locator('[data-self]')).toHaveText(`@${alice.username}`);
    await expect(roomLink(page, there.name)).toHaveAccessibleName(there.name);
  });

  test('no notification while the tab is visible, or with notifications off', async ({
    room,
    createUser,
    openPageAs,
  }) => {
    const [alice, bob] = await Promise.all([createUser('alice'), createUser('bob')]);
    const page = await openPageAs(alice);
    await installAttentionProbe(page);
    const chat = new ChatRoom(page);
    await chat.open(room);
    await page.getByLabel('Notifications').selectOption({ label: 'All messages' });
    await bob.api.postMessage(room.slug, `@${alice.username} visible`);
    await expect(chat.message(`@${alice.username} visible`)).toBeVisible(WITHIN_A_SYNC);

    await page.getByLabel('Notifications').selectOption({ label: 'None' });
    await setHidden(page, true);
    await bob.api.postMessage(room.slug, `@${alice.username} hidden`);
    await expect(chat.message(`@${alice.username} hidden`)).toBeAttached(WITHIN_A_SYNC);
    expect(await shownNotifications(page)).toEqual([]);

    // "All messages", hidden: this one notifies, with its author and text.
    await page.getByLabel('Notifications').selectOption({ label: 'All messages' });
    await bob.api.postMessage(room.slug, 'plain news');
    await expect.poll(() => shownNotifications(page), WITHIN_A_SYNC).toHaveLength(1);
    expect((await shownNotifications(page))[0].body).toContain('plain news');
  });
});
