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

test('Markdown in a message never runs script, never loads anything, never links to javascript:', async ({
  room,
  user,
  userPage: page,
}) => {
  const hostile = [
    '[click me](javascript:alert(1))',
    '[click me too](JaVaScRiPt:alert(2))',
    '<javascript:alert(3)>',
    '[data](data:text/html,<script>alert(4)</script>)',
    '![tracker](http://127.0.0.1:9/pixel.png)',
    '`<img src=x onerror=alert(5)>` and\n```html\n<script>alert(6)</script>\n```',
    '**<b onmouseover=alert(7)>bold</b>** _<iframe src="http://127.0.0.1:9/">_',
    '[ok](https://example.com/safe)',
  ];
  for (const content of hostile) await user.api.postMessage(room.slug, content);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.port === '9' || url.protocol === 'data:') outside.push(request.url());
  });
  const chat = new ChatRoom(page);
  await chat.open(room);
  await expect(chat.messages).toHaveCount(hostile.length);
  for (const item of await chat.messages.all()) await item.hover();

  // What could run or load is absent; what was typed shows as text.
  for (const selector of ['img', 'script', 'iframe', 'object', 'embed', 'svg image', '[style]']) {
    await expect(chat.log.locator(selector), selector).toHaveCount(0);
  }
  const hrefs = await chat.log
    .locator('a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  // The image is a link to its address at most (nothing fetched); the https link stays.
  expect(hrefs).toEqual(['http://127.0.0.1:9/pixel.png', 'https://example.com/safe']);
  for (const link of await chat.log.locator('a').all()) {
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    await expect(link).toHaveAttribute('target', '_blank');
  }
  await expect(chat.log).toContainText('<script>alert(6)</script>');
  await expect(chat.log).toContainText('<img src=x onerror=alert(5)>');
  await expect(chat.log.locator('pre code')).toHaveCount(1);
  await expect(chat.log.locator('strong')).toContainText('<b onmouseover=alert(7)>bold</b>');
  expect(dialogs).toEqual([]);
  expect(outside).toEqual([]);
});
