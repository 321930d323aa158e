import { expect, type Locator, type Page } from '@playwright/test';

/** One sync interval (2 s) plus a generous margin: what another page takes to show a change. */
export const WITHIN_A_SYNC = { timeout: 4_000 };

/** A room's link in the rooms list; its accessible name starts with the room's name, then its counts. */
export function roomLink(page: Page, name: string): Locator {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('link', { name: new RegExp(`^${escaped}(,|$)`) });
}

/** The room page (/rooms/:slug), located the way a person (or a screen reader) finds it. */
export class ChatRoom {
  /** The message list: role="log", named "Messages". */
  readonly log: Locator;
  /** The messages themselves (the list's placeholders have no data-message-id). */
  readonly messages: Locator;
  readonly textbox: Locator;
  readonly sendButton: Locator;
  readonly loadOlderButton: Locator;
  /** Messages written here and not yet acknowledged by the server (the outbox). */
  readonly pendingItems: Locator;
  /** The "Reconnecting…" notice. */
  readonly reconnecting: Locator;

  constructor(readonly page: Page) {
    this.log = page.getByRole('log', { name: 'Messages' });
    this.messages = this.log.locator('li[data-message-id]');
    // A combobox: typing @ offers people to mention.
    this.textbox = page.getByRole('combobox', { name: 'Message' });
    this.sendButton = page.getByRole('button', { name: 'Send', exact: true });
    this.loadOlderButton = page.getByRole('button', { name: 'Load older messages' });
    this.pendingItems = this.log.locator('li[data-pending]');
    this.reconnecting = page.getByRole('status').filter({ hasText: 'Reconnecting' });
  }

  /** Opens the room and waits until its first load is done (the heading shows its name). */
  async open(room: { slug: string; name: string }): Promise<void> {
    await this.page.goto(`/rooms/${room.slug}`);
    await expect(this.heading(room.name)).toBeVisible();
  }

  /** A room's link in the rooms list (the sidebar, or the list page on a phone). */
  roomLink(name: string): Locator {
    return roomLink(this.page, name);
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  /** The text of a message whose content is exactly `content`. */
  message(content: string | RegExp): Locator {
    return this.messages.getByText(content, { exact: true });
  }

  /** The outbox's bubble of a message not yet acknowledged. */
  pending(content: string): Locator {
    return this.pendingItems.filter({ hasText: content });
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
