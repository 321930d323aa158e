// The database's order is byte order on SQLite and locale-dependent on PostgreSQL;
// rooms are few, so they are sorted here, the same everywhere.
const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** By name as people read it ("apple" before "Zebra", "Éclair" before "Zulu"), then by id. */
export function byRoomName(
  a: { id: number; name: string },
  b: { id: number; name: string },
): number {
  return byName.compare(a.name, b.name) || a.id - b.id;
}
