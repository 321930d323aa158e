import { Lexer, MarkedToken, Token } from 'marked';
import { mentionLookup, mentionSpans } from './mention-spans';
import { MessageNode } from './message-node';
import { safeHref } from './safe-href';

/** Quotes and lists deeper than this, or emphasis nested deeper, show as typed. */
const MAX_DEPTH = 8;

/**
 * A message's text as the chat's subset of Markdown. `marked` only splits the text into
 * tokens; this keeps what a chat shows (paragraphs, line breaks, bold, italic, strike,
 * code, fenced code blocks, quotes, lists, links, mentions) and turns everything else —
 * raw HTML, headings, tables, rules, images, links to anything but http(s) or mailto —
 * back into the text the user typed. `mentions` is the message's list from the server.
 */
export function parseMessage(content: string, mentions: readonly string[]): MessageNode[] {
  if (content.trim() === '') return [];
  const converter = new TokenConverter(mentionLookup(mentions));
  let tokens: Token[];
  try {
    tokens = new Lexer({ gfm: true, breaks: true }).lex(content);
  } catch {
    // Thousands of nested quote or list markers exhaust the lexer's stack.
    return [converter.plainParagraph(content)];
  }
  return converter.blocks(tokens, 0);
}

class TokenConverter {
  constructor(private readonly users: ReadonlyMap<string, string>) {}

  blocks(tokens: readonly Token[], depth: number): MessageNode[] {
    return tokens.flatMap((token) => this.block(token as MarkedToken, depth));
  }

  /** Raw text split into lines, for blocks the chat shows as typed. */
  plainParagraph(raw: string): MessageNode {
    const lines = raw.replace(/\s+$/, '').split(/\r\n?|\n/);
    const children = lines.flatMap((line, i): MessageNode[] => [
      ...(i > 0 ? [{ kind: 'lineBreak' } as const] : []),
      ...mentionSpans(line, this.users),
    ]);
    return { kind: 'paragraph', children };
  }

  private block(token: MarkedToken, depth: number): MessageNode[] {
    switch (token.type) {
      case 'space':
        return [];
      case 'paragraph':
        return [{ kind: 'paragraph', children: this.inline(token.tokens, depth + 1) }];
      case 'text': // the content of a tight list item
        return token.tokens
          ? this.inline(token.tokens, depth + 1)
          : mentionSpans(token.raw, this.users);
      case 'checkbox':
        return [{ kind: 'text', text: token.raw }];
      case 'code':
        // Indented code is kept as typed; an empty fence would hide the text after it.
        if (token.codeBlockStyle === 'indented' || token.text === '') break;
        return [{ kind: 'codeBlock', text: token.text, lang: token.lang?.split(/\s/)[0] || null }];
      case 'blockquote':
        if (depth >= MAX_DEPTH) break;
        return [{ kind: 'quote', children: this.blocks(token.tokens, depth + 1) }];
      case 'list':
        if (depth >= MAX_DEPTH) break;
        return [
          {
            kind: 'list',
            ordered: token.ordered,
            start: typeof token.start === 'number' ? token.start : 1,
            items: token.items.map((item) => this.blocks(item.tokens, depth + 1)),
          },
        ];
    }
    // Headings, tables, rules, HTML, link definitions, indented code and the like: as typed.
    return [this.plainParagraph(token.raw)];
  }

  /**
   * Inline tokens, with neighbouring plain text joined so a mention is read across it as
   * the server reads the whole text. `before` is the character before the first token.
   */
  private inline(
    tokens: readonly Token[],
    depth: number,
    before = '',
    inLink = false,
  ): MessageNode[] {
    const nodes: MessageNode[] = [];
    let text = '';
    let textBefore = before;
    let previous = before;
    for (const token of tokens) {
      const node = this.inlineNode(token as MarkedToken, depth, inLink, previous);
      if (typeof node === 'string') {
        if (text === '') textBefore = previous;
        text += node;
      } else {
        nodes.push(...mentionSpans(text, this.users, textBefore), ...node);
        text = '';
      }
      previous = token.raw.slice(-1) || previous;
    }
    nodes.push(...mentionSpans(text, this.users, textBefore));
    return nodes;
  }

  /** The nodes for a token, or the text to show in its place. */
  private inlineNode(
    token: MarkedToken,
    depth: number,
    inLink: boolean,
    before: string,
  ): MessageNode[] | string {
    switch (token.type) {
      case 'escape':
        return token.text;
      case 'codespan':
        return [{ kind: 'code', text: token.text }];
      case 'br':
        return [{ kind: 'lineBreak' }];
      case 'strong':
      case 'em':
      case 'del': {
        if (depth >= MAX_DEPTH) break;
        // The opening delimiter is what comes right before the content.
        const children = this.inline(token.tokens, depth + 1, token.raw[0], inLink);
        return [{ kind: token.type, children }];
      }
      case 'link':
      case 'image': {
        const href = safeHref(token.href);
        if (href === null || depth >= MAX_DEPTH) break;
        // In `@carol@bob.example` the server reads a mention, not an e-mail address.
        if (before === '@' && href.startsWith('mailto:') && !token.raw.startsWith('<')) break;
        const label: MessageNode[] =
          'autolink' in token && token.autolink
            ? [{ kind: 'text', text: token.text }]
            : this.inline(token.tokens, depth + 1, '[', true);
        // A link in a link's text (`[see <https://a>](https://b)`) is only its text.
        if (inLink) return label;
        return [
          { kind: 'link', href, children: label.length ? label : [{ kind: 'text', text: href }] },
        ];
      }
    }
    // Plain text and HTML, which shows as typed, like anything else not in the list above.
    return token.raw;
  }
}
