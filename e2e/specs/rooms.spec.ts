import { expect, test } from '../fixtures';
import { ChatRoom, roomLink } from '../helpers/chat-room';

test.describe('rooms', () => {
  test('an admin creates a room in the UI; another user then sees it and joins it', async ({
    admin,
    user,
    openPageAs,
    unique,
  }) => {
    const slug = unique('lobby');
    const name = `Lobby ${slug}`;
    const adminPage = await openPageAs(admin);
    await adminPage.goto('/rooms');
    const form = adminPage.getByRole('form', { name: 'New room' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Slug').fill(slug);
    await form.getByRole('button', { name: 'Create room' }).click();
    // It appears in the list at once, and the list is a link to it.
    await expect(roomLink(adminPage, name)).toBeVisible();
    await expect(form.getByLabel('Name')).toHaveValue('');

    const userPage = await openPageAs(user);
    await userPage.goto('/rooms');
    await roomLink(userPage, name).click();
    await expect(userPage).toHaveURL(`/rooms/${slug}`);
    const chat = new ChatRoom(userPage);
    await expect(chat.heading(name)).toBeVisible();
    await expect(chat.log).toContainText('No messages yet');
  });

  test('a non-admin sees no New room form, and POST /api/rooms answers 403', async ({
    userPage: page,
    user,
    room,
    unique,
  }) => {
    await page.goto('/rooms');
    // The list has loaded (it shows this test's room)...
    await expect(roomLink(page, room.name)).toBeVisible();
    // ...and offers no way to make one.
    await expect(page.getByRole('form', { name: 'New room' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Create room' })).toHaveCount(0);

    const slug = unique('refused');
    const response = await user.api.post('/api/rooms', { name: 'Refused', slug });
    expect(response.status()).toBe(403);
    expect((await user.api.get(`/api/rooms/${slug}`)).status()).toBe(404);
  });
});
