const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/**
 * The URL a link may point to, or null. Only absolute http, https and mailto URLs pass:
 * the URL parser itself decides the scheme, so case, spaces, tabs and control characters
 * (`JaVaScRiPt:`, ` javascript:`, `java\tscript:`) cannot disguise one, and relative or
 * protocol-relative addresses (`/x`, `//x`) fail to parse without a base.
 */
export function safeHref(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : null;
}
