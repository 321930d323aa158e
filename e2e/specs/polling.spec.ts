import type { Request } from '@playwright/test';
import { expect, test } from '../fixtures';
import { ChatRoom, roomLink } from '../helpers/chat-room';

test('leaving the room page stops asking for the room; the tab keeps one poll for the counts', async ({
  userPage: page,
  room,
}) => {
  const isPoll = (request: Request) => {
    const url = new URL(request.url());
    return (
      request.method() === 'GET' &&
      url.pathname === '/api/sync' &&
      url.searchParams.get('room') === room.slug
    );
  };
  const isSync = (request: Request) => new URL(request.url()).pathname === '/api/sync';
  const polls: string[] = [];
  page.on('request', (request) => {
    if (isPoll(request)) polls.push(request.url());
  });

  // The page's timers (rxjs's interval among them) run on Playwright's clock from the start.
  await page.clock.install();
  const chat = new ChatRoom(page);
  await chat.open(room);

  // On the room page, two seconds of page time bring a poll: the clock drives polling.
  const polled = page.waitForRequest(isPoll);
  await page.clock.runFor(2_000);
  await polled;

  // Leave inside the app (no page load: only the room page's teardown can stop its timer).
  await page.getByRole('link', { name: 'Rooms', exact: true }).click();
  await expect(page).toHaveURL('/rooms');
  await expect(roomLink(page, room.name)).toBeVisible();
  const pollsBefore = polls.length;
  // The tab's poll goes on, for the rooms' counts: one sync per tick, without the room.
  for (let tick = 0; tick < 3; tick++) {
    const synced = page.waitForResponse((response) => isSync(response.request()));
    await page.clock.runFor(2_000);
    const response = await synced;
    expect(new URL(response.url()).searchParams.has('room')).toBe(false);
  }

  // A minute of page time: thirty poll intervals, in no real time.
  await page.clock.runFor(60_000);
  // A barrier: the browser reports requests in order, so any poll those timers sent is
  // reported before this one.
  await Promise.all([
    page.waitForRequest((request) => new URL(request.url()).pathname === '/api/health'),
    page.evaluate(() => fetch('/api/health').then((response) => response.status)),
  ]);
  expect(polls.length).toBe(pollsBefore);
});
