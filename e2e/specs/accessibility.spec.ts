import type { Locator, Page } from '@playwright/test';
import { expect, test, type ChatUser } from '../fixtures';
import { expectNoSeriousViolations } from '../helpers/axe';
import { ChatRoom } from '../helpers/chat-room';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const SIZES = [
  { name: 'desktop', viewport: DESKTOP },
  { name: 'phone', viewport: PHONE },
] as const;

test.use({ viewport: DESKTOP });

/**
 * Runs axe on the page as it stands in the light, then the dark colour scheme. At the
 * phone size it also checks that nothing makes the page scroll sideways (WCAG 1.4.10).
 */
async function checkBothSchemes(page: Page, label: string): Promise<void> {
  const size = page.viewportSize();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoSeriousViolations(
      page,
      `${label} (${size?.width}×${size?.height}, ${colorScheme})`,
    );
  }
  if (size?.width === PHONE.width) {
    const widths = await page.evaluate(() => ({
      content: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
    }));
    expect.soft(widths.content, `${label}: the page scrolls sideways`).toBe(widths.viewport);
  }
}

/** Whether `locator`'s element has the focus. */
function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

/** Presses Tab until `locator` has the focus; fails after `max` presses. */
async function tabTo(page: Page, locator: Locator, max = 40): Promise<void> {
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press('Tab');
    if (await hasFocus(locator)) return;
  }
  throw new Error(`Tab did not reach ${String(locator)} in ${max} presses`);
}

/** The tag and name of whatever has the focus, for messages. */
function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return 'nothing';
    const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40);
    return `<${element.tagName.toLowerCase()}> ${name ?? ''}`;
  });
}

/**
 * On a fresh load of `path`, the first Tab focuses the skip link, which shows; Enter on it
 * moves focus into <main> (to the page's own content, past the chat's sidebar, where there
 * is one) without changing the address, and the next Tab stays inside <main>.
 */
async function checkSkipLink(page: Page, path: string, somethingToTabTo = true): Promise<void> {
  const skipLink = page.getByRole('link', { name: 'Skip to main content' });
  const main = page.getByRole('main');
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(skipLink, `first Tab on ${path}`).toBeFocused();
  await expect(skipLink, `the skip link shows on ${path}`).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect
    .poll(() => main.evaluate((element) => element.contains(document.activeElement)), {
      message: `Enter on the skip link on ${path}`,
    })
    .toBe(true);
  if (path.startsWith('/rooms')) {
    // Past the rooms list: the next Tab does not walk through every room first.
    await expect(page.locator('[data-skip-target]')).toBeFocused();
  }
  await expect(page).toHaveURL(path);
  if (!somethingToTabTo) return;
  await page.keyboard.press('Tab');
  expect(
    await main.evaluate((element) => element.contains(document.activeElement)),
    `Tab after the skip link on ${path} focused ${await focusedElement(page)}`,
  ).toBe(true);
}

/** The button that opens the actions menu of one's own message. */
function ownActionsButton(page: Page): Locator {
  return page.getByRole('button', { name: /^Actions for message from you at / }).last();
}

/**
 * A room the reader has written in, then another user: a long message, a link, inline
 * code, a code block and a mention of the reader, all unread when the reader comes in.
 */
async function fillRoom(slug: string, reader: ChatUser, other: ChatUser): Promise<void> {
  await reader.api.postMessage(slug, 'Morning all, I will be around today.');
  const long = `A long message that wraps over several lines. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(8)}`;
  const contents = [
    long,
    'The notes are at https://example.com/notes and in [the wiki](https://example.org/wiki).',
    'Run `npm run build` before the tests.',
    '```ts\nconst answer = 42;\nconsole.log(answer);\n```',
    `@${reader.username} could you have a look?`,
  ];
  for (const content of contents) await other.api.postMessage(slug, content);
}

// Each test walks through its states at one size; every state is checked in both schemes.
for (const { name: size, viewport } of SIZES) {
  test.describe(`accessibility at the ${size} size: axe finds nothing serious`, () => {
    test.use({ viewport });

    test('home and login, logged out', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1, name: 'Chat.' })).toBeVisible();
      await checkBothSchemes(page, 'home, logged out');

      await page.goto('/login');
      await expect(page.getByLabel('Username')).toBeVisible();
      await checkBothSchemes(page, 'login, empty');

      await page.getByLabel('Username').fill('nobody-by-this-name');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page.getByRole('alert')).toHaveText('Invalid username or password.');
      await checkBothSchemes(page, 'login, wrong password');
    });

    test('signup with field errors, and the not-found page', async ({ page }) => {
      await page.goto('/signup');
      const username = page.getByLabel('Username');
      const password = page.getByLabel('Password');
      await username.fill('ab');
      await password.fill('12345678');
      await password.blur();
      await expect(username).toHaveAttribute('aria-invalid', 'true');
      await expect(password).toHaveAttribute('aria-invalid', 'true');
      await checkBothSchemes(page, 'signup, field errors');

      await page.goto('/no/such/page');
      await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
      await checkBothSchemes(page, 'not-found page');
    });

    test('/rooms as a user and as an admin, and a room that does not exist', async ({
      userPage,
      admin,
      room,
      openPageAs,
    }) => {
      await userPage.goto('/rooms');
      await expect(userPage.getByRole('heading', { level: 1, name: 'Rooms' })).toBeVisible();
      await expect(new ChatRoom(userPage).roomLink(room.name)).toBeVisible();
      await checkBothSchemes(userPage, '/rooms, user');

      await userPage.goto('/rooms/no-such-room-here');
      await expect(userPage.getByRole('heading', { name: 'No such room' })).toBeVisible();
      await checkBothSchemes(userPage, 'room not found');

      const adminPage = await openPageAs(admin);
      await adminPage.setViewportSize(viewport);
      await adminPage.goto('/rooms');
      await expect(adminPage.getByRole('form', { name: 'New room' })).toBeVisible();
      await checkBothSchemes(adminPage, '/rooms, admin with the New room form');
    });

    test('a room with messages from two users, the unread divider, the actions menu', async ({
      userPage: page,
      user,
      room,
      createUser,
    }) => {
      await fillRoom(room.slug, user, await createUser('other'));
      const chat = new ChatRoom(page);
      await chat.open(room);
      await expect(chat.messages).toHaveCount(6);
      await expect(chat.log.locator('li[data-unread-divider]')).toBeVisible();
      await expect(chat.log.locator('[data-self]')).toHaveText(`@${user.username}`);
      await checkBothSchemes(page, 'room with messages and the unread divider');

      await ownActionsButton(page).click();
      await expect(page.getByRole('menu', { name: 'Message actions' })).toBeVisible();
      await checkBothSchemes(page, 'room, actions menu open');
    });

    test('a room with the mention list, inline edit open, then the delete confirmation', async ({
      userPage: page,
      user,
      room,
      createUser,
    }) => {
      await fillRoom(room.slug, user, await createUser('other'));
      const chat = new ChatRoom(page);
      await chat.open(room);
      await chat.textbox.fill('@');
      await expect(page.getByRole('listbox', { name: 'People to mention' })).toBeVisible();
      await checkBothSchemes(page, 'room, mention list open');
      await chat.textbox.fill('');

      const actions = ownActionsButton(page);
      const menu = page.getByRole('menu', { name: 'Message actions' });

      await actions.click();
      await menu.getByRole('menuitem', { name: 'Edit' }).click();
      await expect(page.getByRole('textbox', { name: 'Edit message' })).toBeFocused();
      await checkBothSchemes(page, 'room, inline edit open');
      await page.getByRole('button', { name: 'Cancel' }).click();

      await actions.click();
      await menu.getByRole('menuitem', { name: 'Delete' }).click();
      await expect(page.getByRole('dialog', { name: 'Delete this message?' })).toBeVisible();
      await checkBothSchemes(page, 'room, delete confirmation open');
    });

    test('a message that failed to send, and "Reconnecting…"', async ({
      userPage: page,
      user,
      room,
    }) => {
      await user.api.postMessage(room.slug, 'Sent before the trouble');
      const chat = new ChatRoom(page);
      await chat.open(room);

      await page.route('**/api/rooms/*/messages', (route) =>
        route.request().method() === 'POST' ? route.abort() : route.fallback(),
      );
      await chat.send('This one does not get through');
      const pending = chat.pending('This one does not get through');
      await expect(pending).toContainText('Sending…');
      // Two retries, 1 s and 2 s apart, then it is marked failed.
      await expect(pending).toContainText(/Failed.*retry or discard/, { timeout: 8_000 });
      await checkBothSchemes(page, 'room, failed outbox message');

      await page.route(
        (url) => url.pathname === '/api/sync',
        (route) => route.abort(),
      );
      await expect(chat.reconnecting).toBeVisible({ timeout: 5_000 });
      await checkBothSchemes(page, 'room, reconnecting');
    });
  });
}

test.describe('accessibility: the keyboard', () => {
  test('logged out, the first Tab focuses the skip link, and Enter moves focus into <main>', async ({
    page,
  }) => {
    for (const path of ['/', '/login', '/signup', '/no/such/page']) await checkSkipLink(page, path);
  });

  test('logged in, the first Tab focuses the skip link, and Enter moves focus into <main>', async ({
    userPage: page,
  }) => {
    await checkSkipLink(page, '/');
    // On a desktop, /rooms past the sidebar is a prompt to pick a room: nothing to Tab to.
    await checkSkipLink(page, '/rooms', false);
    await checkSkipLink(page, '/rooms/no-such-room-here');
  });

  test('opening a room focuses the message box, and it keeps the focus after Enter sends', async ({
    userPage: page,
    room,
  }) => {
    const chat = new ChatRoom(page);
    await chat.open(room);
    // Soft, so that sending is checked as well when this fails.
    await expect.soft(chat.textbox, 'the message box has the focus on opening').toBeFocused();

    await chat.textbox.focus();
    await page.keyboard.type('Sent with the keyboard');
    await page.keyboard.press('Enter');
    await expect(chat.message('Sent with the keyboard')).toBeVisible();
    await expect(chat.textbox).toHaveValue('');
    await expect(chat.textbox).toBeFocused();
  });

  test('"Load older messages" is reached by Tab without scrolling the list, and keeps the focus somewhere useful', async ({
    userPage: page,
    user,
    room,
  }) => {
    for (let index = 1; index <= 30; index++) {
      await user.api.postMessage(room.slug, `History ${String(index).padStart(2, '0')}`);
    }
    const chat = new ChatRoom(page);
    await chat.open(room);
    await expect(chat.messages).toHaveCount(25);
    const scroller = chat.log.locator('xpath=..');
    const scrollTop = () => scroller.evaluate((element) => element.scrollTop);
    await expect.poll(scrollTop).toBeGreaterThan(0);
    const before = await scrollTop();

    await page.getByRole('link', { name: 'Skip to main content' }).focus();
    await tabTo(page, chat.loadOlderButton);
    expect(await scrollTop(), 'focusing the button scrolled the list').toBe(before);

    await page.keyboard.press('Enter');
    await expect(chat.messages).toHaveCount(30);
    await expect(chat.loadOlderButton).toBeHidden();
    // The list keeps the reader's place: the older messages go above it.
    expect(
      await scrollTop(),
      'loading older messages scrolled the list to the top',
    ).toBeGreaterThan(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.tagName), {
        message: 'after loading older messages the focus fell back to <body>',
      })
      .not.toBe('BODY');
  });

  test('the message actions menu: Enter and Space open it, arrows move, Escape closes; Edit and ↑ edit; Delete asks in a modal', async ({
    userPage: page,
    user,
    room,
  }) => {
    await user.api.postMessage(room.slug, 'My first message');
    await user.api.postMessage(room.slug, 'My last message');
    const chat = new ChatRoom(page);
    await chat.open(room);
    await expect(chat.messages).toHaveCount(2);
    const actions = ownActionsButton(page);
    const menu = page.getByRole('menu', { name: 'Message actions' });
    const editItem = menu.getByRole('menuitem', { name: 'Edit' });
    const deleteItem = menu.getByRole('menuitem', { name: 'Delete' });
    const editBox = page.getByRole('textbox', { name: 'Edit message' });

    // Enter opens it on its first item; the arrows go round; Escape closes it.
    await actions.focus();
    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    await expect(actions).toHaveAttribute('aria-expanded', 'true');
    await expect(editItem).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(deleteItem).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(editItem).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(deleteItem).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(actions).toBeFocused();
    await expect(actions).toHaveAttribute('aria-expanded', 'false');

    // Space opens it too; Edit opens the edit box with the focus; Escape goes back to writing.
    await page.keyboard.press('Space');
    await expect(editItem).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(editBox).toBeFocused();
    await expect(editBox).toHaveValue('My last message');
    await page.keyboard.press('Escape');
    await expect(editBox).toBeHidden();
    await expect(chat.textbox).toBeFocused();

    // ↑ in the empty message box edits one's last message.
    await page.keyboard.press('ArrowUp');
    await expect(editBox).toBeFocused();
    await expect(editBox).toHaveValue('My last message');
    await page.keyboard.press('Escape');
    await expect(chat.textbox).toBeFocused();

    // Delete asks in a modal dialog that has the focus; Escape cancels, back to the button.
    await actions.focus();
    await page.keyboard.press('Enter');
    await expect(editItem).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete this message?' });
    await expect(dialog).toBeVisible();
    expect(await dialog.evaluate((element) => element.matches(':modal'))).toBe(true);
    expect(
      await dialog.evaluate((element) => element.contains(document.activeElement)),
      `focus is on ${await focusedElement(page)}`,
    ).toBe(true);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(actions).toBeFocused();
    await expect(chat.message('My last message')).toBeVisible();
  });
});
