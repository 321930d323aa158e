import fc from 'fast-check';
import { findMentions } from '../../../../../../server/src/messages/mentions';
import { MessageNode } from './message-node';
import { parseMessage } from './parse-message';
import { safeHref } from './safe-href';

const text = (value: string): MessageNode => ({ kind: 'text', text: value });
const paragraph = (...children: MessageNode[]): MessageNode => ({ kind: 'paragraph', children });
const br: MessageNode = { kind: 'lineBreak' };
const mention = (typed: string, username: string): MessageNode => ({
  kind: 'mention',
  text: typed,
  username,
});

/** Every node of a tree, depth first. */
function walk(nodes: readonly MessageNode[]): MessageNode[] {
  return nodes.flatMap((node) => [
    node,
    ...('children' in node ? walk(node.children) : []),
    ...('items' in node ? node.items.flatMap(walk) : []),
  ]);
}

const kinds = (nodes: readonly MessageNode[]) => new Set(walk(nodes).map((node) => node.kind));

describe('parseMessage', () => {
  it('gives nothing for empty or blank text', () => {
    expect(parseMessage('', [])).toEqual([]);
    expect(parseMessage(' \n\t\n ', [])).toEqual([]);
  });

  it('reads plain text as a paragraph, a newline as a line break, a blank line as a new paragraph', () => {
    expect(parseMessage('hello', [])).toEqual([paragraph(text('hello'))]);
    expect(parseMessage('one\ntwo\n\nthree', [])).toEqual([
      paragraph(text('one'), br, text('two')),
      paragraph(text('three')),
    ]);
  });

  it('reads bold, italic with * and _, strike and inline code', () => {
    expect(parseMessage('**b** *i* _j_ ~~s~~ `c`', [])).toEqual([
      paragraph(
        { kind: 'strong', children: [text('b')] },
        text(' '),
        { kind: 'em', children: [text('i')] },
        text(' '),
        { kind: 'em', children: [text('j')] },
        text(' '),
        { kind: 'del', children: [text('s')] },
        text(' '),
        { kind: 'code', text: 'c' },
      ),
    ]);
  });

  it('nests emphasis', () => {
    expect(parseMessage('***both*** **a _b_**', [])).toEqual([
      paragraph(
        { kind: 'em', children: [{ kind: 'strong', children: [text('both')] }] },
        text(' '),
        { kind: 'strong', children: [text('a '), { kind: 'em', children: [text('b')] }] },
      ),
    ]);
  });

  it('reads a fenced code block with or without a language, its text as typed', () => {
    expect(parseMessage('```ts\nconst a = 1;\n  <b>x</b>\n```', [])).toEqual([
      { kind: 'codeBlock', lang: 'ts', text: 'const a = 1;\n  <b>x</b>' },
    ]);
    expect(parseMessage('look:\n```\n*not bold* @alice\n```', ['alice'])).toEqual([
      paragraph(text('look:')),
      { kind: 'codeBlock', lang: null, text: '*not bold* @alice' },
    ]);
  });

  it('shows a fence with nothing after it as typed', () => {
    expect(parseMessage('```js', [])).toEqual([paragraph(text('```js'))]);
    expect(parseMessage('~~~~@alice', ['alice'])).toEqual([
      paragraph(text('~~~~'), mention('@alice', 'alice')),
    ]);
  });

  it('keeps HTML in inline code as its characters', () => {
    expect(parseMessage('`<script>alert(1)</script>`', [])).toEqual([
      paragraph({ kind: 'code', text: '<script>alert(1)</script>' }),
    ]);
  });

  it('links http(s) and mailto: [text](url), bare URLs, www. and e-mail addresses', () => {
    expect(parseMessage('[the docs](https://angular.dev/guide)', [])).toEqual([
      paragraph({ kind: 'link', href: 'https://angular.dev/guide', children: [text('the docs')] }),
    ]);
    expect(
      parseMessage('see https://a.example/x?y=1. and www.b.example or c@d.example', []),
    ).toEqual([
      paragraph(
        text('see '),
        {
          kind: 'link',
          href: 'https://a.example/x?y=1',
          children: [text('https://a.example/x?y=1')],
        },
        text('. and '),
        { kind: 'link', href: 'http://www.b.example/', children: [text('www.b.example')] },
        text(' or '),
        { kind: 'link', href: 'mailto:c@d.example', children: [text('c@d.example')] },
      ),
    ]);
  });

  it('keeps a link inside a link as text only', () => {
    const nodes = parseMessage('[a <https://z.example>](https://y.example)', []);
    expect(walk(nodes).filter((node) => node.kind === 'link')).toHaveLength(1);
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](  javascript:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](vbscript:msgbox(1))',
    '[x](/relative/path)',
    '[x](//evil.example/x)',
    '<javascript:alert(1)>',
    '![x](javascript:alert(1))',
    '![x](data:image/png;base64,AAAA)',
  ])('shows %j as the text typed, not as a link', (typed) => {
    expect(parseMessage(typed, [])).toEqual([paragraph(text(typed))]);
  });

  it('turns an http(s) image into a link to it and never into an image', () => {
    expect(parseMessage('![cat](https://evil.example/x.png)', [])).toEqual([
      paragraph({ kind: 'link', href: 'https://evil.example/x.png', children: [text('cat')] }),
    ]);
    expect(parseMessage('![](https://evil.example/x.png)', [])).toEqual([
      paragraph({
        kind: 'link',
        href: 'https://evil.example/x.png',
        children: [text('https://evil.example/x.png')],
      }),
    ]);
  });

  it.each([
    '<b>x</b>',
    '<script>alert(1)</script>',
    'hi <img src=x onerror=alert(1)> there',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<div style="position:fixed">\nboo\n</div>',
  ])('shows the HTML in %j as its characters', (typed) => {
    const lines = typed.split('\n');
    const children = lines.flatMap((line, i) => (i ? [br, text(line)] : [text(line)]));
    expect(parseMessage(typed, [])).toEqual([paragraph(...children)]);
  });

  it('keeps HTML in a link text as text', () => {
    expect(parseMessage('[<img src=x onerror=alert(1)>](https://a.example/)', [])).toEqual([
      paragraph({
        kind: 'link',
        href: 'https://a.example/',
        children: [text('<img src=x onerror=alert(1)>')],
      }),
    ]);
  });

  it('shows headings, rules and tables as the lines typed', () => {
    expect(parseMessage('# lol', [])).toEqual([paragraph(text('# lol'))]);
    expect(parseMessage('#general is the place', [])).toEqual([
      paragraph(text('#general is the place')),
    ]);
    expect(parseMessage('big\n===', [])).toEqual([paragraph(text('big'), br, text('==='))]);
    expect(parseMessage('---', [])).toEqual([paragraph(text('---'))]);
    expect(parseMessage('| a | b |\n|---|---|\n| 1 | 2 |', [])).toEqual([
      paragraph(text('| a | b |'), br, text('|---|---|'), br, text('| 1 | 2 |')),
    ]);
  });

  it('reads quotes and lists', () => {
    expect(parseMessage('> quoted\n\n- one\n- **two**\n\n3. three', [])).toEqual([
      { kind: 'quote', children: [paragraph(text('quoted'))] },
      {
        kind: 'list',
        ordered: false,
        start: 1,
        items: [[text('one')], [{ kind: 'strong', children: [text('two')] }]],
      },
      { kind: 'list', ordered: true, start: 3, items: [[text('three')]] },
    ]);
  });

  it('shows escaped characters without their backslash', () => {
    expect(parseMessage('\\*not italic\\* \\<b\\>', [])).toEqual([
      paragraph(text('*not italic* <b>')),
    ]);
  });

  it('shows character references as typed', () => {
    expect(parseMessage('a &amp; b &#64;alice', ['alice'])).toEqual([
      paragraph(text('a &amp; b &#64;alice')),
    ]);
  });

  describe('mentions', () => {
    it('marks the message’s mentioned users, case-insensitively, spelled as typed', () => {
      expect(parseMessage('hi @Alice and @bob, not @carol', ['alice', 'bob'])).toEqual([
        paragraph(
          text('hi '),
          mention('@Alice', 'alice'),
          text(' and '),
          mention('@bob', 'bob'),
          text(', not @carol'),
        ),
      ]);
    });

    it('leaves a full stop after a name out, but keeps dots inside one', () => {
      expect(parseMessage('thanks @alice. and @bob.smith...', ['alice', 'bob.smith'])).toEqual([
        paragraph(
          text('thanks '),
          mention('@alice', 'alice'),
          text('. and '),
          mention('@bob.smith', 'bob.smith'),
          text('...'),
        ),
      ]);
    });

    it('does not read an e-mail address, a doubled @ or code as a mention', () => {
      const nodes = parseMessage('me@alice @@alice `@alice`\n```\n@alice\n```', ['alice']);
      expect(kinds(nodes).has('mention')).toBe(false);
    });

    it('reads mentions in emphasis, links and quotes', () => {
      const nodes = parseMessage('**@alice** [@alice](https://a.example) \n> @alice', ['alice']);
      expect(walk(nodes).filter((node) => node.kind === 'mention')).toHaveLength(3);
    });

    it('finds exactly the mentions the server finds, in plain text and emphasis', () => {
      const users = new Map([
        ['alice', 'alice'],
        ['bob.smith', 'bob.smith'],
        ['carol', 'Carol'],
      ]);
      const piece = fc.constantFrom(
        ...['@', '@alice', '@ALICE', '@bob.smith', '@carol', '@carol-', 'bob', 'é', 'x', '1'],
        ...['.', '_', '-', '*', '**', '~~', ' ', '\n', ',', '(', ')', '!', '#'],
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
          const content = pieces.join('');
          fc.pre(!/^ {0,3}~~~.*\n/m.test(content)); // the server reads mentions in code too
          const mentioned = findMentions(content, users);
          const marked = walk(parseMessage(content, mentioned)).flatMap((node) =>
            node.kind === 'mention' ? [node.username] : [],
          );
          expect([...new Set(marked)]).toEqual(mentioned);
        }),
        { numRuns: 5000 },
      );
    });
  });

  describe('hostile input', () => {
    it.each([
      ['*', '*'.repeat(10_000)],
      ['[', '['.repeat(10_000)],
      ['*[', '*['.repeat(5_000)],
      ['>', '>'.repeat(10_000)],
      ['> - ', '> - '.repeat(2_500)],
      ['[x](', '[x]('.repeat(2_500)],
      ['<', '<'.repeat(10_000)],
      ['**a*', '**a*'.repeat(2_500)],
    ])('parses 10k characters of %j quickly, keeping every character', (_, content) => {
      const started = performance.now();
      const nodes = parseMessage(content, []);
      expect(performance.now() - started).toBeLessThan(1000);
      const shown = walk(nodes)
        .map((node) => ('text' in node ? node.text : ''))
        .join('');
      expect(shown.replace(/\s/g, '').length).toBeGreaterThan(0);
    });

    it('shows quotes nested deeper than the limit as typed', () => {
      const nodes = parseMessage('> '.repeat(40) + 'deep', []);
      expect(walk(nodes).filter((node) => node.kind === 'quote').length).toBeLessThan(10);
      expect(walk(nodes).some((node) => 'text' in node && node.text.includes('deep'))).toBe(true);
    });
  });
});

describe('safeHref', () => {
  it('lets absolute http, https and mailto URLs through, normalised', () => {
    expect(safeHref('https://a.example')).toBe('https://a.example/');
    expect(safeHref('HTTP://A.example/x y')).toBe('http://a.example/x%20y');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
  });

  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,x',
    'vbscript:x',
    'file:///etc/passwd',
    '/x',
    '//evil.example',
    'evil.example',
    '',
  ])('refuses %j', (href) => {
    expect(safeHref(href)).toBeNull();
  });
});
