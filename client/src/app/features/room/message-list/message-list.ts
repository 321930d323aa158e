import { DatePipe } from '@angular/common';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { Message } from '../../../core/api/api-types';
import { RoomChatStore } from '../room-chat-store';

/** How close to the bottom (px) still counts as "reading the newest". */
const BOTTOM_SLACK = 48;

@Component({
  selector: 'app-message-list',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'relative flex min-h-0 flex-col' },
  templateUrl: './message-list.html',
})
export class MessageList {
  /** The reader's username: their own messages sit on the right. */
  readonly me = input.required<string>();

  protected readonly chat = inject(RoomChatStore);
  private readonly injector = inject(Injector);
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');

  private readonly atBottom = signal(true);
  /** Messages arrived below while the reader was scrolled up. */
  protected readonly unseen = signal(false);

  private firstId: number | undefined;
  private count = 0;

  constructor() {
    // Before each render of a new list: remember where the reader is; after it,
    // keep them there (older messages above) or follow the newest (if at the bottom).
    effect(() => {
      const messages = this.chat.messages();
      untracked(() => this.beforeRender(messages));
    });
  }

  protected onScroll(): void {
    const element = this.scroller().nativeElement;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < BOTTOM_SLACK;
    this.atBottom.set(atBottom);
    if (atBottom) this.unseen.set(false);
  }

  protected showNewest(): void {
    const element = this.scroller().nativeElement;
    element.scrollTo({ top: element.scrollHeight, behavior: 'smooth' });
    this.unseen.set(false);
  }

  private beforeRender(messages: readonly Message[]): void {
    const element = this.scroller().nativeElement;
    // Where the previous first message went: older messages landed above it. Not
    // there at all, the list was replaced (a new room, a reset): start at the bottom.
    const previousFirst = this.firstId;
    const index =
      previousFirst === undefined ? -1 : messages.findIndex(({ id }) => id === previousFirst);
    const replaced = index === -1;
    const prepended = Math.max(index, 0);
    const addedBelow = messages.length - this.count - prepended > 0;
    const newest = messages.at(-1);
    const follow = this.atBottom() || newest?.username === this.me();
    const heightBefore = element.scrollHeight;
    const topBefore = element.scrollTop;
    this.firstId = messages[0]?.id;
    this.count = messages.length;
    afterNextRender(
      () => {
        if (prepended > 0) element.scrollTop = topBefore + (element.scrollHeight - heightBefore);
        if (replaced || (addedBelow && follow)) {
          element.scrollTop = element.scrollHeight;
          this.atBottom.set(true);
          this.unseen.set(false);
        } else if (addedBelow) {
          this.unseen.set(true);
        }
      },
      { injector: this.injector },
    );
  }
}
