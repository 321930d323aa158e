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
  private lastId: number | undefined;

  constructor() {
    // Before each render of a new list: remember where the reader is; after it,
    // keep them there (older messages above) or follow the newest (if at the bottom).
    effect(() => {
      const messages = this.chat.messages();
      untracked(() => this.beforeRender(messages[0]?.id, messages.at(-1)));
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

  private beforeRender(
    firstId: number | undefined,
    last: { id: number; username: string } | undefined,
  ): void {
    const element = this.scroller().nativeElement;
    const prepended = firstId !== undefined && this.firstId !== undefined && firstId < this.firstId;
    const appended = last !== undefined && last.id !== this.lastId;
    const follow = this.atBottom() || this.lastId === undefined || last?.username === this.me();
    const heightBefore = element.scrollHeight;
    const topBefore = element.scrollTop;
    this.firstId = firstId;
    this.lastId = last?.id;
    afterNextRender(
      () => {
        if (appended && follow) {
          element.scrollTop = element.scrollHeight;
          this.atBottom.set(true);
        } else if (appended) {
          this.unseen.set(true);
        } else if (prepended) {
          element.scrollTop = topBefore + (element.scrollHeight - heightBefore);
        }
      },
      { injector: this.injector },
    );
  }
}
