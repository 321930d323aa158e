import { expect, type Locator, type Page } from '@playwright/test';

/** The room page (/rooms/:slug), located the way a person (or a screen reader) finds it. */
export class ChatRoom {
  /** The message list: role="log", named "Messages". */
  readonly log: Locator;
  /** The messages themselves (the list's placeholders have no data-message-id). */
  readonly messages: Locator;
  readonly textbox: Locator;
  readonly sendButton: Locator;
  readonly loadOlderButton: Locator;
  /** The "Reconnecting…" notice. */
  readonly reconnecting: Locator;

  constructor(readonly page: Page) {
    this.log = page.getByRole('log', { name: 'Messages' });
    this.messages = this.log.locator('li[data-message-id]');
    this.textbox = page.getByRole('textbox', { name: 'Message' });
    this.sendButton = page.getByRole('button', { name: 'Send', exact: true });
    this.loadOlderButton = page.getByRole('button', { name: 'Load older messages' });
    this.reconnecting = page.getByRole('status').filter({ hasText: 'Reconnecting' });
  }

  /** Opens the room and waits until its first load is done (the heading shows its name). */
  async open(room: { slug: string; name: string }): Promise<void> {
    await this.page.goto(`/rooms/${room.slug}`);
    await expect(this.heading(room.name)).toBeVisible();
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  /** The text of a message whose content is exactly `content`. */
  message(content: string | RegExp): Locator {
    return this.messages.getByText(content, { exact: true });
  }

  /** The list item of the message with this id (its content, a tombstone, "(edited)"). */
  item(id: number): Locator {
    return this.log.locator(`li[data-message-id="${id}"]`);
  }

  /** Types a message and clicks Send. */
  async send(content: string): Promise<void> {
    await this.textbox.fill(content);
    await this.sendButton.click();
  }
}
