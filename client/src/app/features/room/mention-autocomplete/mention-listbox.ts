import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  output,
} from '@angular/core';

/** Where the list goes: its bottom edge at `top` (viewport pixels), above the text box. */
export interface ListboxPlace {
  top: number;
  left: number;
  width: number;
  maxHeight: number;
}

/** The id of the option at `index` in the listbox `listboxId`. */
export const optionId = (listboxId: string, index: number): string =>
  `${listboxId}-option-${index}`;

/**
 * The popup of MentionAutocomplete: a listbox of people above the text box. Focus stays in
 * the text box (aria-activedescendant), so the options take no focus and no keys; a press on
 * one is kept from blurring the text box, and a click picks it.
 */
@Component({
  selector: 'app-mention-listbox',
  templateUrl: './mention-listbox.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Fixed, so that it takes no room in the composer's row and no ancestor's overflow clips it.
  host: {
    class: 'fixed z-50',
    '[style.top.px]': 'place().top',
    '[style.left.px]': 'place().left',
    '[style.width.px]': 'place().width',
    '(mousedown)': 'keepFocus($event)',
    '(click)': 'onClick($event)',
  },
})
export class MentionListbox {
  readonly listboxId = input.required<string>();
  readonly options = input.required<readonly string[]>();
  readonly active = input.required<number>();
  readonly open = input.required<boolean>();
  readonly place = input.required<ListboxPlace>();
  readonly picked = output<string>();

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected readonly optionId = (index: number) => optionId(this.listboxId(), index);
  protected readonly count = computed(() => {
    const n = this.options().length;
    if (!this.open()) return '';
    return n === 1 ? '1 person to mention' : `${n} people to mention`;
  });

  constructor() {
    // Keep the active option in sight when the list scrolls.
    afterRenderEffect(() => {
      if (!this.open()) return;
      const option = this.host.querySelector<HTMLElement>(`#${this.optionId(this.active())}`);
      const list = option?.parentElement;
      if (!option || !list) return;
      if (option.offsetTop < list.scrollTop) list.scrollTop = option.offsetTop;
      else if (option.offsetTop + option.offsetHeight > list.scrollTop + list.clientHeight) {
        list.scrollTop = option.offsetTop + option.offsetHeight - list.clientHeight;
      }
    });
  }

  protected keepFocus(event: MouseEvent): void {
    event.preventDefault();
  }

  protected onClick(event: MouseEvent): void {
    const option = (event.target as Element | null)?.closest<HTMLElement>('[role=option]');
    const name = option?.dataset['name'];
    if (name !== undefined) this.picked.emit(name);
  }
}
