import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MessageText } from './message-text';

describe('MessageText', () => {
  let fixture: ComponentFixture<MessageText>;
  const host = () => fixture.nativeElement as HTMLElement;
  const all = (selector: string) => [...host().querySelectorAll<HTMLElement>(selector)];

  async function render(
    content: string,
    mentions: readonly string[] = [],
    me: string | null = null,
  ): Promise<HTMLElement> {
    fixture.componentRef.setInput('content', content);
    fixture.componentRef.setInput('mentions', mentions);
    fixture.componentRef.setInput('me', me);
    await fixture.whenStable();
    return host();
  }

  /** Nothing from the text became markup that runs, loads or styles anything. */
  function expectInert(): void {
    const elements = all('*');
    const tags = new Set(elements.map((element) => element.tagName.toLowerCase()));
    for (const tag of ['script', 'img', 'iframe', 'object', 'embed', 'svg', 'style', 'link']) {
      expect(tags).not.toContain(tag);
    }
    for (const element of elements) {
      for (const { name } of element.attributes) {
        expect(name).not.toMatch(/^(on|style$|src$|srcset$|formaction$)/i);
      }
    }
    for (const link of all('[href]')) {
      expect(link.getAttribute('href')).toMatch(/^(https?|mailto):/);
    }
  }

  beforeEach(() => {
    TestBed.configureTestingModule({ imports: [MessageText] });
    fixture = TestBed.createComponent(MessageText);
  });

  describe('keeps hostile text inert', () => {
    it.each([
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      'text <img src=x onerror=alert(1)> inline',
      '<iframe src="https://evil.example/"></iframe>',
      '<svg onload=alert(1)></svg>',
      '<a href="javascript:alert(1)" style="position:fixed">x</a>',
      '<style>body{display:none}</style>',
    ])('shows %j as its characters', async (typed) => {
      await render(typed);
      expectInert();
      expect(host().textContent).toBe(typed);
    });

    it.each([
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](  javascript:alert(1))',
      '[x](&#106;avascript:alert(1))',
      '[x](data:text/html,<script>alert(1)</script>)',
      '<javascript:alert(1)>',
      '![x](javascript:alert(1))',
    ])('shows the link %j as typed and links nothing', async (typed) => {
      await render(typed);
      expectInert();
      expect(all('a')).toHaveLength(0);
      expect(host().textContent).toBe(typed);
    });

    it('turns an image into a link to it, and loads nothing', async () => {
      await render('![x](https://evil.example/x.png)');
      expectInert();
      const link = host().querySelector('a')!;
      expect(link.getAttribute('href')).toBe('https://evil.example/x.png');
      expect(link.textContent).toBe('x');
    });

    it('shows HTML in inline code and in a code block as its characters', async () => {
      await render('`<img src=x onerror=alert(1)>`\n```html\n<script>alert(1)</script>\n```');
      expectInert();
      expect(host().querySelector('p code')?.textContent).toBe('<img src=x onerror=alert(1)>');
      expect(host().querySelector('pre code')?.textContent).toBe('<script>alert(1)</script>');
    });

    it('keeps HTML in a link text as text', async () => {
      await render('[<img src=x onerror=alert(1)>](https://a.example/)');
      expectInert();
      expect(host().querySelector('a')?.textContent).toBe('<img src=x onerror=alert(1)>');
    });

    it('renders nested emphasis', async () => {
      await render('***both*** and **bold _italic ~~gone~~_**');
      expectInert();
      expect(host().querySelector('em strong')?.textContent).toBe('both');
      expect(host().querySelector('strong em del')?.textContent).toBe('gone');
      expect(host().textContent).toBe('both and bold italic gone');
    });

    it.each([
      ['*', '*'.repeat(10_000)],
      ['[', '['.repeat(10_000)],
      ['>', '>'.repeat(10_000)],
    ])('renders 10k characters of %j without failing', async (_, content) => {
      const started = performance.now();
      await render(content);
      expect(performance.now() - started).toBeLessThan(2000);
      expectInert();
      expect(host().textContent.length).toBeGreaterThan(0);
    });

    it('renders nothing for empty or blank text', async () => {
      await render('');
      expect(host().textContent).toBe('');
      await render('  \n\t ');
      expect(host().textContent).toBe('');
      expect(all('p, pre, blockquote, ul, ol')).toHaveLength(0);
    });
  });

  it('renders bold, italic, strike and inline code', async () => {
    await render('a **b** *c* _d_ ~~e~~ `f  g`');
    expect(host().querySelector('strong')?.textContent).toBe('b');
    expect(all('em').map((em) => em.textContent)).toEqual(['c', 'd']);
    expect(host().querySelector('del')?.textContent).toBe('e');
    expect(host().querySelector('code')?.textContent).toBe('f  g');
    expect(host().textContent).toBe('a b c d e f  g');
  });

  it('renders a code block with its language, as typed', async () => {
    await render('```ts\nconst a = 1;\n  if (a) {}\n```');
    const pre = host().querySelector('pre')!;
    expect(pre.dataset['lang']).toBe('ts');
    expect(pre.textContent).toBe('const a = 1;\n  if (a) {}');
  });

  it('breaks lines at a newline and starts a paragraph at a blank line', async () => {
    await render('one\ntwo\n\nthree');
    const paragraphs = all('p');
    expect(paragraphs.map((p) => p.textContent)).toEqual(['onetwo', 'three']);
    expect(paragraphs[0].querySelectorAll('br')).toHaveLength(1);
  });

  it('links http(s) URLs in a new tab, without referrer or opener', async () => {
    await render('[docs](https://angular.dev/) and www.example.com and https://a.example/x');
    const links = all('a');
    expect(links.map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['https://angular.dev/', 'docs'],
      ['http://www.example.com/', 'www.example.com'],
      ['https://a.example/x', 'https://a.example/x'],
    ]);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    }
  });

  it('shows a heading, a quote and lists', async () => {
    await render('# not a heading\n\n> quoted\n\n- one\n- two\n\n3. three');
    expect(all('h1, h2, h3, h4, h5, h6')).toHaveLength(0);
    expect(host().querySelector('p')?.textContent).toBe('# not a heading');
    expect(host().querySelector('blockquote')?.textContent).toBe('quoted');
    expect(all('ul li').map((li) => li.textContent)).toEqual(['one', 'two']);
    expect(host().querySelector('ol')?.getAttribute('start')).toBe('3');
  });

  it('highlights mentions, the reader’s more strongly, but not in code', async () => {
    await render('hi @Alice and @bob. `@bob`', ['alice', 'bob'], 'bob');
    const mentions = all('[data-mention]');
    expect(mentions.map((m) => [m.textContent, m.dataset['mention'], m.dataset['self']])).toEqual([
      ['@Alice', 'alice', undefined],
      ['@bob', 'bob', 'true'],
    ]);
    expect(mentions[1].className).not.toBe(mentions[0].className);
    expect(host().querySelector('code [data-mention]')).toBeNull();
  });

  it('does not highlight a name the server did not find', async () => {
    await render('hi @nobody', []);
    expect(all('[data-mention]')).toHaveLength(0);
    expect(host().textContent).toBe('hi @nobody');
  });

  it('follows a change of the text and of the reader', async () => {
    await render('plain @bob', ['bob'], 'alice');
    expect(host().querySelector('[data-self]')).toBeNull();
    await render('**bold** @bob', ['bob'], 'Bob');
    expect(host().querySelector('strong')?.textContent).toBe('bold');
    expect(host().querySelector('[data-self]')?.textContent).toBe('@bob');
  });
});
