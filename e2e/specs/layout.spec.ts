import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { ChatRoom, roomLink } from '../helpers/chat-room';

/** The page is no wider than the screen: nothing to scroll sideways. */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(
    scrollWidth,
    `${what}: ${scrollWidth}px wide on a ${clientWidth}px screen`,
  ).toBeLessThanOrEqual(clientWidth);
}

test.describe('layout', () => {
  test('nothing overflows a 320 px phone, with long names, words, links and code', async ({
    browser,
    admin,
    user,
    unique,
  }) => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    try {
      const slug = unique('long');
      const room = await admin.api.createRoom({
        name: `A room whose name goes on and on and on ${slug}`,
        slug,
      });
      await user.api.postMessage(room.slug, 'x'.repeat(300));
      await user.api.postMessage(room.slug, `https://example.com/${'path/'.repeat(40)}`);
      await user.api.postMessage(room.slug, '```\n' + 'const line = 1; '.repeat(30) + '\n```');

      for (const path of ['/', '/login', '/signup']) {
        await page.goto(path);
        await expect(page.locator('main')).not.toBeEmpty();
        await expectNoSidewaysScroll(page, path);
      }
      await context.addCookies(await user.api.cookies());
      await page.goto('/rooms');
      await expect(roomLink(page, room.name)).toBeVisible();
      await expectNoSidewaysScroll(page, '/rooms');
      // On a phone the list is its own page: no sidebar beside the room.
      await roomLink(page, room.name).click();
      const chat = new ChatRoom(page);
      await expect(chat.messages).toHaveCount(3);
      await expect(page.getByRole('complementary', { name: 'Rooms and people' })).toBeHidden();
      await expect(page.getByRole('link', { name: 'Back to rooms' })).toBeVisible();
      await expectNoSidewaysScroll(page, `/rooms/${room.slug}`);
      await expect(chat.sendButton).toBeInViewport();
      // A message's menu opens on the screen, whichever side its button is on.
      await chat.messages
        .last()
        .getByRole('button', { name: /^Actions for message from you/ })
        .click();
      for (const name of ['Edit', 'Delete']) {
        await expect(page.getByRole('menuitem', { name })).toBeInViewport({ ratio: 1 });
      }
    } finally {
      await context.close();
    }
  });

  test('on a desktop the rooms sit beside the open room, which uses the width', async ({
    userPage: page,
    room,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const chat = new ChatRoom(page);
    await chat.open(room);
    const sidebar = page.getByRole('complementary', { name: 'Rooms and people' });
    await expect(sidebar).toBeVisible();
    await expect(roomLink(page, room.name)).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('link', { name: 'Back to rooms' })).toBeHidden();
    const log = await chat.log.boundingBox();
    expect(log?.width ?? 0).toBeGreaterThan(800);
  });
});
