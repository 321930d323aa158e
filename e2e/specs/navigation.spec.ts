import { expect, test } from '../fixtures';
import { ChatRoom } from '../helpers/chat-room';

test.describe('addresses', () => {
  test('an unknown room slug shows the friendly not-found page', async ({ userPage: page }) => {
    await page.goto('/rooms/no-such-room-here');
    await expect(page.getByRole('heading', { name: 'No such room' })).toBeVisible();
    await expect(page.getByText('There is no room at this address.')).toBeVisible();
    await page.getByRole('link', { name: 'See all rooms' }).click();
    await expect(page).toHaveURL('/rooms');
    await expect(page.getByRole('heading', { name: 'Rooms', level: 1 })).toBeVisible();
  });

  test('an unknown page shows the not-found page', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
  });

  test('a deep link to a room survives a reload', async ({ userPage: page, user, room }) => {
    await user.api.postMessage(room.slug, 'Still here after a reload');
    const chat = new ChatRoom(page);
    await chat.open(room);
    await expect(chat.message('Still here after a reload')).toBeVisible();

    await page.reload();
    await expect(page).toHaveURL(`/rooms/${room.slug}`);
    await expect(chat.heading(room.name)).toBeVisible();
    await expect(chat.message('Still here after a reload')).toBeVisible();
    await expect(chat.textbox).toBeEditable();
  });

  test('a logged-out deep link to a room leads through the login and back', async ({
    page,
    user,
    room,
  }) => {
    await page.goto(`/rooms/${room.slug}`);
    await expect(page).toHaveURL(`/login?next=%2Frooms%2F${room.slug}`);
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(`/rooms/${room.slug}`);
    await expect(new ChatRoom(page).heading(room.name)).toBeVisible();
  });
});
