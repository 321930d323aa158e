import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Per table: its row count and a hash of every row, in primary-key order. */
export type DbFingerprint = Map<string, { rows: number; hash: string }>;

const orderByCache = new WeakMap<DataSource, Map<string, string>>();

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** ORDER BY the table's primary key, or by every column when it has none. */
async function orderByOf(dataSource: DataSource, table: string): Promise<string> {
  let cache = orderByCache.get(dataSource);
  if (!cache) orderByCache.set(dataSource, (cache = new Map()));
  const known = cache.get(table);
  if (known) return known;
  const columns = await columnsOf(dataSource, table);
  const key = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
  const orderBy = (key.length > 0 ? key : columns).map((column) => quote(column.name)).join(', ');
  cache.set(table, orderBy);
  return orderBy;
}

/** A table's columns in order, `pk` their place in the primary key (1, 2…) or 0. */
function columnsOf(dataSource: DataSource, table: string): Promise<{ name: string; pk: number }[]> {
  if (!isPostgres(dataSource)) return dataSource.query(`PRAGMA table_info(${quote(table)})`);
  return dataSource.query(
    `SELECT a.attname AS name, COALESCE(key.place, 0)::int AS pk
     FROM pg_attribute a
     LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
     LEFT JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS key(attnum, place)
       ON key.attnum = a.attnum
     WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
    [quote(table)],
  );
}

/** The user tables, by name: SQLite's own and PostgreSQL's catalogs left out. */
function tableNames(dataSource: DataSource): Promise<{ name: string }[]> {
  return dataSource.query(
    isPostgres(dataSource)
      ? `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY name`
      : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`,
  );
}

function isPostgres(dataSource: DataSource): boolean {
  return dataSource.driver.options.type === 'postgres';
}

/**
 * Every table of the database (sessions, migrations and tables added later
 * included), read in full: what "the database is unchanged" is checked against.
 */
export async function fingerprintDatabase(dataSource: DataSource): Promise<DbFingerprint> {
  const tables = await tableNames(dataSource);
  const fingerprint: DbFingerprint = new Map();
  for (const { name } of tables) {
    const rows: unknown[] = await dataSource.query(
      `SELECT * FROM ${quote(name)} ORDER BY ${await orderByOf(dataSource, name)}`,
    );
    const hash = createHash('sha256');
    for (const row of rows) hash.update(JSON.stringify(row)).update('\n');
    fingerprint.set(name, { rows: rows.length, hash: hash.digest('hex') });
  }
  return fingerprint;
}

/** What changed between two fingerprints, one line per table ("sessions: 3 → 4 rows"). */
export function fingerprintChanges(before: DbFingerprint, after: DbFingerprint): string[] {
  const changes: string[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(name);
    const is = after.get(name);
    if (!was || !is) changes.push(`table ${name} ${was ? 'dropped' : 'created'}`);
    else if (was.rows !== is.rows) changes.push(`${name}: ${was.rows} → ${is.rows} rows`);
    else if (was.hash !== is.hash) changes.push(`${name}: a row changed`);
  }
  return changes;
}
