import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DOCUMENT,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { fromEvent, interval } from 'rxjs';
import { ChatSync } from '../../chat/state/chat-sync';
import { Outbox } from '../../chat/state/outbox';
import { MessageItem } from '../message-item/message-item';
import { buildTimeline } from '../timeline/timeline';
import { firstUnreadSeq, ListShape, listShape, scrollPlan } from './list-shape';

/** How close to the bottom (px) still counts as "reading the newest". */
const BOTTOM_SLACK = 48;

@Component({
  selector: 'app-message-list',
  imports: [MessageItem],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'relative flex min-h-0 flex-col' },
  templateUrl: './message-list.html',
})
export class MessageList {
  readonly slug = input.required<string>();
  /** The reader's username: their own messages look different. */
  readonly me = input.required<string>();
  /** The reader is done with something here (load older, the pill, an edit): back to the composer. */
  readonly done = output<void>();

  protected readonly chat = inject(ChatSync);
  protected readonly outbox = inject(Outbox);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private readonly log = viewChild<ElementRef<HTMLElement>>('log');

  protected readonly timeline = computed(() => this.chat.timeline(this.slug()));
  /** Today's date, moved on at midnight so that "Today" and "Yesterday" stay true. */
  private readonly today = signal(new Date());
  protected readonly items = computed(() =>
    buildTimeline(this.timeline().messages(), { now: this.today() }),
  );
  /** Messages written here and not yet acknowledged (those the sync already brought are hidden). */
  protected readonly pending = computed(() => {
    const stored = new Set(
      this.timeline()
        .messages()
        .map((message) => message.clientId)
        .filter(Boolean),
    );
    return this.outbox.forRoom(this.slug()).filter((entry) => !stored.has(entry.clientId));
  });
  /**
   * Where "new since you last read" goes: fixed when the room opens, so that it stays
   * put while the messages below it are being read.
   */
  protected readonly dividerSeq = signal<number | null>(null);

  private readonly atBottom = signal(true);
  /** Messages arrived below while the reader was scrolled up. */
  protected readonly unseen = signal(false);
  private shape: ListShape | null = null;

  constructor() {
    effect(() => {
      this.slug();
      untracked(() => {
        this.dividerSeq.set(null);
        this.shape = null;
      });
    });
    // The divider: the user's read position when the room's messages first show.
    effect(() => {
      const timeline = this.timeline();
      const summary = this.chat.summary(this.slug());
      if (!timeline.loaded() || !summary || untracked(this.dividerSeq) !== null) return;
      const seq = firstUnreadSeq(timeline.messages(), summary.readSeq, this.me());
      untracked(() => this.dividerSeq.set(seq ?? 0));
    });
    // Before each render of a new list: remember where the reader is; after it,
    // keep them there (older messages above) or follow the newest (if at the bottom).
    effect(() => {
      const shape = listShape(this.timeline().messages(), this.pending(), this.me());
      untracked(() => this.beforeRender(shape));
    });
    fromEvent(this.document, 'visibilitychange')
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.reportSeen());
    interval(60_000)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        const now = new Date();
        if (now.toDateString() !== this.today().toDateString()) this.today.set(now);
      });
  }

  protected onScroll(): void {
    const element = this.scroller().nativeElement;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < BOTTOM_SLACK;
    this.atBottom.set(atBottom);
    if (atBottom) this.unseen.set(false);
    this.reportSeen();
  }

  /** A failed message's start, to tell its Retry and Discard from another's. */
  protected excerpt(content: string): string {
    return content.length > 40 ? `${content.slice(0, 40)}…` : content;
  }

  protected showNewest(): void {
    const element = this.scroller().nativeElement;
    element.scrollTo({ top: element.scrollHeight, behavior: 'smooth' });
    this.unseen.set(false);
    this.done.emit();
  }

  /**
   * Older messages above. When they were the last, the button goes away with focus on
   * it: focus moves to the log rather than being lost to the page.
   */
  protected loadOlder(): void {
    const timeline = this.timeline();
    this.chat.loadOlder(this.slug());
    const done = effect(
      () => {
        if (timeline.loadingOlder()) return;
        done.destroy();
        afterNextRender(
          () => {
            if (this.document.activeElement === this.document.body)
              this.log()?.nativeElement.focus();
          },
          { injector: this.injector },
        );
      },
      { injector: this.injector },
    );
  }

  private beforeRender(shape: ListShape): void {
    const element = this.scroller().nativeElement;
    const plan = scrollPlan(this.shape, shape, this.atBottom());
    this.shape = shape;
    const heightBefore = element.scrollHeight;
    const topBefore = element.scrollTop;
    afterNextRender(
      () => {
        if (plan === 'keep-place') {
          element.scrollTop = topBefore + (element.scrollHeight - heightBefore);
        } else if (plan === 'open') {
          this.scrollToStart(element);
        } else if (plan === 'follow') {
          element.scrollTop = element.scrollHeight;
          this.atBottom.set(true);
          this.unseen.set(false);
        } else if (plan === 'announce') {
          this.unseen.set(true);
        }
        this.reportSeen();
      },
      { injector: this.injector },
    );
  }

  /** A room opens at its first unread message, or at the bottom. */
  private scrollToStart(element: HTMLElement): void {
    const divider = element.querySelector<HTMLElement>('[data-unread-divider]');
    if (divider) {
      element.scrollTop = divider.offsetTop - element.offsetTop - 8;
      this.onScroll();
    } else {
      element.scrollTop = element.scrollHeight;
      this.atBottom.set(true);
      this.unseen.set(false);
    }
  }

  /** The newest message fully on screen counts as read, while the tab is visible. */
  private reportSeen(): void {
    const element = this.scroller().nativeElement;
    const bottom = element.getBoundingClientRect().bottom;
    const items = element.querySelectorAll<HTMLElement>('li[data-seq]');
    for (let index = items.length - 1; index >= 0; index--) {
      const item = items[index];
      if (item.getBoundingClientRect().bottom <= bottom + 1) {
        this.chat.seen(this.slug(), Number(item.dataset['seq']));
        return;
      }
    }
  }
}
