import { expect, test } from '../fixtures';
import { ChatRoom, WITHIN_A_SYNC } from '../helpers/chat-room';

test.describe('editing and deleting in the page', () => {
  test("one's own message is edited and deleted from its menu; the other user sees both", async ({
    room,
    createUser,
    openPageAs,
  }) => {
    const [alice, bob] = await Promise.all([createUser('alice'), createUser('bob')]);
    const aliceRoom = new ChatRoom(await openPageAs(alice));
    const bobRoom = new ChatRoom(await openPageAs(bob));
    await Promise.all([aliceRoom.open(room), bobRoom.open(room)]);
    await aliceRoom.send('Lunch at noon?');
    await aliceRoom.send('Bring snacks');
    await expect(bobRoom.message('Bring snacks')).toBeVisible(WITHIN_A_SYNC);

    // Edit from the menu: Enter saves.
    const lunch = aliceRoom.messages.filter({ hasText: 'Lunch at noon?' });
    await lunch.getByRole('button', { name: /^Actions for message from you/ }).click();
    await aliceRoom.page.getByRole('menuitem', { name: 'Edit' }).click();
    const editor = aliceRoom.page.getByRole('textbox', { name: 'Edit message' });
    await expect(editor).toBeFocused();
    await expect(editor).toHaveValue('Lunch at noon?');
    await editor.fill('Lunch at one?');
    await editor.press('Enter');
    await expect(aliceRoom.message('Lunch at one?')).toBeVisible();
    await expect(aliceRoom.textbox).toBeFocused();
    await expect(bobRoom.message('Lunch at one?')).toBeVisible(WITHIN_A_SYNC);
    await expect(bobRoom.messages.filter({ hasText: 'Lunch at one?' })).toContainText('(edited)');

    // ↑ in the empty box edits the last one; Escape leaves it as it was.
    await aliceRoom.textbox.press('ArrowUp');
    await expect(editor).toHaveValue('Bring snacks');
    await editor.fill('never saved');
    await editor.press('Escape');
    await expect(editor).toBeHidden();
    await expect(aliceRoom.message('Bring snacks')).toBeVisible();
    await expect(aliceRoom.textbox).toBeFocused();

    // Delete asks first; "message deleted" stays in place for both.
    const snacks = aliceRoom.messages.filter({ hasText: 'Bring snacks' });
    await snacks.getByRole('button', { name: /^Actions for message from you/ }).click();
    await aliceRoom.page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = aliceRoom.page.getByRole('dialog', { name: 'Delete this message?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(aliceRoom.message('Bring snacks')).toBeVisible();
    await snacks.getByRole('button', { name: /^Actions for message from you/ }).click();
    await aliceRoom.page.getByRole('menuitem', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(aliceRoom.messages.nth(1)).toContainText('message deleted');
    await expect(bobRoom.messages.nth(1)).toContainText('message deleted', WITHIN_A_SYNC);
    await expect(bobRoom.message('Bring snacks')).toHaveCount(0);
    await expect(bobRoom.messages).toHaveCount(2);

    // Bob may do neither to Alice's messages: no menu on them.
    await expect(bobRoom.log.getByRole('button', { name: /^Actions for message/ })).toHaveCount(0);
  });

  test('an admin can delete anyone’s message, but edit only their own', async ({
    room,
    admin,
    user,
    openPageAs,
  }) => {
    await user.api.postMessage(room.slug, 'Spam spam spam');
    const chat = new ChatRoom(await openPageAs(admin));
    await chat.open(room);
    const spam = chat.messages.filter({ hasText: 'Spam spam spam' });
    await spam
      .getByRole('button', { name: `Actions for message from ${user.username}`, exact: false })
      .click();
    await expect(chat.page.getByRole('menuitem', { name: 'Edit' })).toHaveCount(0);
    await chat.page.getByRole('menuitem', { name: 'Delete' }).click();
    await chat.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(spam).toHaveCount(0);
    await expect(chat.messages).toHaveText([/message deleted/]);
    expect((await user.api.latestMessages(room.slug))[0]).toMatchObject({
      deleted: true,
      content: '',
    });
  });
});
