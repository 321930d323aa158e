/** Where to go after logging in: a path inside this app only (never `//evil.example`). */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/rooms';
}
