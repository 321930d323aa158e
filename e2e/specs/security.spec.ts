import { expect, test } from '../fixtures';
import { ChatRoom } from '../helpers/chat-room';

test('a message with HTML in it shows as literal text and runs nothing', async ({
  room,
  createUser,
  openPageAs,
}) => {
  const payload = '<img src=x onerror=alert(1)>';
  const [sender, reader] = await Promise.all([createUser('sender'), createUser('reader')]);
  const senderRoom = new ChatRoom(await openPageAs(sender));
  const readerRoom = new ChatRoom(await openPageAs(reader));
  const dialogs: string[] = [];
  for (const chat of [senderRoom, readerRoom]) {
    chat.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }
  await Promise.all([senderRoom.open(room), readerRoom.open(room)]);

  // Shown from the send response, from a poll, and from a fresh load.
  await senderRoom.send(payload);
  await expect(senderRoom.message(payload)).toBeVisible();
  await expect(readerRoom.message(payload)).toBeVisible({ timeout: 4_000 });
  await readerRoom.page.reload();
  await expect(readerRoom.message(payload)).toBeVisible();

  for (const chat of [senderRoom, readerRoom]) {
    await expect(chat.messages).toHaveCount(1);
    await expect(chat.log.locator('img')).toHaveCount(0);
  }
  expect(dialogs).toEqual([]);
});
