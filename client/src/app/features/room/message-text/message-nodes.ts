import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MessageNode } from './message-node';

/**
 * Renders a message's nodes, and itself again for the children of bold, italic, links,
 * quotes and lists. Text only ever reaches the page through interpolation.
 */
@Component({
  selector: 'app-message-nodes',
  host: { class: 'contents' },
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './message-nodes.html',
})
export class MessageNodes {
  readonly nodes = input.required<readonly MessageNode[]>();
  /** The reader's username, lower-cased: mentions of it stand out more. */
  readonly self = input<string | null>(null);
}
