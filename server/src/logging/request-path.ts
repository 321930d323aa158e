/**
 * The path a request asked for, without its query or fragment: `?after=` cursors
 * only grow a log line, and a query string may carry anything.
 */
export function requestPath(url: string): string {
  // Origin-form ("/api/rooms?x"), what browsers and proxies send.
  if (url.startsWith('/')) return url.split(/[?#]/, 1)[0];
  // Absolute-form ("http://user:password@host/path"), which Node accepts too:
  // only the path, never the credentials before it.
  if (URL.canParse(url)) return new URL(url).pathname;
  return url.split(/[?#]/, 1)[0]; // "*" (OPTIONS), the only other form Node lets through
}
