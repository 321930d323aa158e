import { DOCUMENT, inject, Injectable } from '@angular/core';
import { canDraw, drawFaviconBadge, FaviconMark, loadIcon } from './favicon-badge';

/** What the tab shows: unread and mention totals across rooms, and the page's own name. */
export interface BadgeState {
  unread: number;
  mentions: number;
  /** The page's name, e.g. "General"; " · Chat" is added. */
  title: string;
}

const APP_NAME = 'Chat';
const SUFFIX = ` · ${APP_NAME}`;

/**
 * The tab title for a state: `General · Chat`, `(3) General · Chat` with unread
 * messages (`99+` above 99), `(@3) General · Chat` when some of them mention the user.
 */
export function badgeTitle({ unread, mentions, title }: BadgeState): string {
  const name = title.trim();
  const page =
    !name || name === APP_NAME || name.endsWith(SUFFIX) ? name || APP_NAME : name + SUFFIX;
  const count = Math.max(unread, mentions);
  if (!(count > 0)) return page;
  const number = count > 99 ? '99+' : String(Math.floor(count));
  return `(${mentions > 0 ? '@' : ''}${number}) ${page}`;
}

/** The tab's title and favicon tell of unread messages while the user looks at another tab. */
@Injectable({ providedIn: 'root' })
export class TabBadge {
  private readonly document = inject(DOCUMENT);
  /** The favicon as index.html has it, read on first use. */
  private original?: { href: string | null; type: string | null };
  private drawable?: boolean;
  private icon?: Promise<HTMLImageElement | null>;
  private readonly drawn = new Map<FaviconMark, string>();
  private wanted: FaviconMark | null = null;

  show(state: BadgeState): void {
    const title = badgeTitle(state);
    if (this.document.title !== title) this.document.title = title;
    const count = Math.max(state.unread, state.mentions);
    this.showMark(count > 0 ? (state.mentions > 0 ? 'mention' : 'unread') : null);
  }

  private showMark(mark: FaviconMark | null): void {
    this.wanted = mark;
    const link = this.document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
    if (!link) return;
    this.original ??= { href: link.getAttribute('href'), type: link.getAttribute('type') };
    if (mark === null) {
      this.setIcon(link, this.original.href, this.original.type);
      return;
    }
    const url = this.drawn.get(mark);
    if (url) this.setIcon(link, url, 'image/png');
    else void this.draw(link, mark);
  }

  private async draw(link: HTMLLinkElement, mark: FaviconMark): Promise<void> {
    this.drawable ??= canDraw(this.document);
    if (!this.drawable || this.original?.href == null) return;
    this.icon ??= loadIcon(this.document, this.original.href);
    const icon = await this.icon;
    if (!icon) return;
    const url = this.drawn.get(mark) ?? drawFaviconBadge(this.document, icon, mark);
    if (!url) {
      this.drawable = false; // a canvas that failed once (tainted, say) fails again
      return;
    }
    this.drawn.set(mark, url);
    // The counts may have moved on while the icon loaded.
    if (this.wanted === mark) this.setIcon(link, url, 'image/png');
  }

  /** Writes only what differs, so an unchanged count costs no DOM work. */
  private setIcon(link: HTMLLinkElement, href: string | null, type: string | null): void {
    if (link.getAttribute('href') !== href) {
      if (href === null) link.removeAttribute('href');
      else link.setAttribute('href', href);
    }
    if (link.getAttribute('type') !== type) {
      if (type === null) link.removeAttribute('type');
      else link.setAttribute('type', type);
    }
  }
}
