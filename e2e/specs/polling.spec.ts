import type { Request } from '@playwright/test';
import { expect, test } from '../fixtures';
import { ChatRoom } from '../helpers/chat-room';

test('no polls are sent after leaving the room page', async ({ userPage: page, room }) => {
  const isPoll = (request: Request) => {
    const url = new URL(request.url());
    return (
      request.method() === 'GET' &&
      url.pathname === '/api/sync' &&
      url.searchParams.get('room') === room.slug
    );
  };
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
  await page.getByRole('link', { name: 'Back to rooms' }).click();
  await expect(page).toHaveURL('/rooms');
  await expect(page.getByRole('link', { name: `Join ${room.name}` })).toBeVisible();
  const pollsBefore = polls.length;

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
