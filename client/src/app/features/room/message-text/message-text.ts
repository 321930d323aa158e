import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MessageNodes } from './message-nodes';
import { parseMessage } from './parse-message';

const sameNames = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((name, i) => name === b[i]);

/**
 * A message's text with chat Markdown: bold, italic, strike, code, code blocks, quotes,
 * lists, http(s) links and highlighted mentions. No HTML from the text is ever rendered.
 */
@Component({
  selector: 'app-message-text',
  imports: [MessageNodes],
  host: { class: 'block min-w-0 [overflow-wrap:anywhere]' },
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<app-message-nodes [nodes]="nodes()" [self]="self()" />',
})
export class MessageText {
  readonly content = input.required<string>();
  /** The message's `mentions`: who the server found mentioned. */
  readonly mentions = input<readonly string[]>([]);
  /** The reader's username. */
  readonly me = input<string | null | undefined>(null);

  /** A new array with the same names (each poll brings one) does not parse again. */
  private readonly mentioned = computed(() => this.mentions(), { equal: sameNames });
  protected readonly nodes = computed(() => parseMessage(this.content(), this.mentioned()));
  protected readonly self = computed(() => this.me()?.toLowerCase() ?? null);
}
