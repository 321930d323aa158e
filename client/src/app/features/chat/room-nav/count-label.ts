/** What a badge shows: the server counts up to 999, and a badge has room for two digits. */
export function countLabel(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/** The room's name as a screen reader hears it in the list: "General, 3 unread, 1 mention". */
export function roomAccessibleName(name: string, unread: number, mentions: number): string {
  const parts = [name];
  if (unread > 0) parts.push(`${unread >= 999 ? '999 or more' : unread} unread`);
  if (mentions > 0) parts.push(mentions === 1 ? '1 mention' : `${mentions} mentions`);
  return parts.join(', ');
}
