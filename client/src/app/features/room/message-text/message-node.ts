/**
 * A message's text as a small tree of what the chat shows: every string in it is
 * rendered by text interpolation, and every `href` is an absolute http(s) or mailto URL.
 */
export type MessageNode = InlineNode | BlockNode;

export type InlineNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'strong'; readonly children: readonly MessageNode[] }
  | { readonly kind: 'em'; readonly children: readonly MessageNode[] }
  | { readonly kind: 'del'; readonly children: readonly MessageNode[] }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'link'; readonly href: string; readonly children: readonly MessageNode[] }
  /** `text` as typed (`@Alice.` gives `@Alice`); `username` as its owner spells it. */
  | { readonly kind: 'mention'; readonly text: string; readonly username: string }
  | { readonly kind: 'lineBreak' };

export type BlockNode =
  | { readonly kind: 'paragraph'; readonly children: readonly MessageNode[] }
  /** `lang` is the first word after the opening fence, or null. */
  | { readonly kind: 'codeBlock'; readonly text: string; readonly lang: string | null }
  | { readonly kind: 'quote'; readonly children: readonly MessageNode[] }
  | {
      readonly kind: 'list';
      readonly ordered: boolean;
      /** The first number of an ordered list; 1 for a bullet list. */
      readonly start: number;
      readonly items: readonly (readonly MessageNode[])[];
    };
