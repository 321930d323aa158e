import { TestBed } from '@angular/core/testing';
import { badgeTitle, TabBadge } from './tab-badge';

const PNG_UNREAD = 'data:image/png;base64,dW5yZWFk';
const PNG_MENTION = 'data:image/png;base64,bWVudGlvbg==';

/** A canvas and an image as a browser gives them: the test DOM has neither. */
function fakeCanvasAndImage(): { fillText: ReturnType<typeof vi.fn> } {
  const fillText = vi.fn();
  const context = {
    drawImage: vi.fn(),
    beginPath: vi.fn(),
    arc: vi.fn(),
    fill: vi.fn(),
    fillText,
  };
  const realCreate = document.createElement.bind(document);
  vi.spyOn(document, 'createElement').mockImplementation((tag: string) => {
    if (tag === 'canvas') {
      return {
        width: 0,
        height: 0,
        getContext: () => context,
        toDataURL: () => (fillText.mock.calls.length > 0 ? PNG_MENTION : PNG_UNREAD),
      } as unknown as HTMLElement;
    }
    if (tag === 'img') {
      const image = {
        onload: null as (() => void) | null,
        set src(_: string) {
          setTimeout(() => image.onload?.());
        },
      };
      return image as unknown as HTMLElement;
    }
    return realCreate(tag);
  });
  return { fillText };
}

describe('badgeTitle', () => {
  it.each([
    [{ unread: 0, mentions: 0, title: 'General' }, 'General · Chat'],
    [{ unread: 3, mentions: 0, title: 'General' }, '(3) General · Chat'],
    [{ unread: 99, mentions: 0, title: 'General' }, '(99) General · Chat'],
    [{ unread: 100, mentions: 0, title: 'General' }, '(99+) General · Chat'],
    [{ unread: 3, mentions: 1, title: 'General' }, '(@3) General · Chat'],
    [{ unread: 1200, mentions: 2, title: 'General' }, '(@99+) General · Chat'],
    [{ unread: 2, mentions: 0, title: '' }, '(2) Chat'],
    [{ unread: 0, mentions: 0, title: 'Rooms · Chat' }, 'Rooms · Chat'],
    [{ unread: -1, mentions: 0, title: 'Chat' }, 'Chat'],
  ])('%o gives %s', (state, title) => {
    expect(badgeTitle(state)).toBe(title);
  });
});

describe('TabBadge', () => {
  let badge: TabBadge;
  let link: HTMLLinkElement;

  beforeEach(() => {
    document.title = 'Chat';
    link = document.createElement('link');
    link.rel = 'icon';
    link.type = 'image/svg+xml';
    link.setAttribute('href', 'favicon.svg');
    document.head.append(link);
    badge = TestBed.inject(TabBadge);
  });

  afterEach(() => {
    link.remove();
    vi.restoreAllMocks();
  });

  it('sets the title from the unread count, and back without it', () => {
    badge.show({ unread: 3, mentions: 0, title: 'General' });
    expect(document.title).toBe('(3) General · Chat');
    badge.show({ unread: 0, mentions: 0, title: 'General' });
    expect(document.title).toBe('General · Chat');
  });

  it('writes nothing to the DOM when nothing changed', async () => {
    fakeCanvasAndImage();
    badge.show({ unread: 3, mentions: 0, title: 'General' });
    await vi.waitFor(() => expect(link.getAttribute('href')).toBe(PNG_UNREAD));
    const setTitle = vi.spyOn(document, 'title', 'set');
    const setAttribute = vi.spyOn(link, 'setAttribute');
    badge.show({ unread: 3, mentions: 0, title: 'General' });
    badge.show({ unread: 3, mentions: 0, title: 'General' });
    expect(setTitle).not.toHaveBeenCalled();
    expect(setAttribute).not.toHaveBeenCalled();
  });

  it('writes the title again when something else changed it (a navigation, say)', () => {
    badge.show({ unread: 3, mentions: 0, title: 'General' });
    document.title = 'Rooms · Chat';
    badge.show({ unread: 3, mentions: 0, title: 'General' });
    expect(document.title).toBe('(3) General · Chat');
  });

  it('badges the favicon while something is unread and restores the original at 0', async () => {
    const { fillText } = fakeCanvasAndImage();
    badge.show({ unread: 2, mentions: 0, title: 'General' });
    await vi.waitFor(() => expect(link.getAttribute('href')).toBe(PNG_UNREAD));
    expect(link.getAttribute('type')).toBe('image/png');
    expect(fillText).not.toHaveBeenCalled();

    badge.show({ unread: 3, mentions: 1, title: 'General' });
    await vi.waitFor(() => expect(link.getAttribute('href')).toBe(PNG_MENTION));
    expect(fillText).toHaveBeenCalledWith('@', expect.any(Number), expect.any(Number));

    badge.show({ unread: 0, mentions: 0, title: 'General' });
    expect(link.getAttribute('href')).toBe('favicon.svg');
    expect(link.getAttribute('type')).toBe('image/svg+xml');
  });

  it('keeps the original icon when the count falls to 0 while the badge is drawn', async () => {
    fakeCanvasAndImage();
    badge.show({ unread: 2, mentions: 0, title: 'General' });
    badge.show({ unread: 0, mentions: 0, title: 'General' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(link.getAttribute('href')).toBe('favicon.svg');
  });

  it('skips the favicon where no canvas can draw, without throwing', async () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    expect(() => badge.show({ unread: 5, mentions: 1, title: 'General' })).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(document.title).toBe('(@5) General · Chat');
    expect(link.getAttribute('href')).toBe('favicon.svg');
  });

  it('skips the favicon when the page has no icon link', () => {
    link.remove();
    expect(() => badge.show({ unread: 5, mentions: 0, title: 'General' })).not.toThrow();
    expect(document.title).toBe('(5) General · Chat');
  });
});
