import { readFileSync } from 'node:fs';

/**
 * File descriptors kept back from the connection cap for the process's own files:
 * stdio, Node's and libuv's internal handles (about 30), the SQLite database with
 * its -wal and -shm files, the listening socket, and the client's static files
 * being streamed (each holds a descriptor on top of its connection's socket).
 */
export const RESERVED_FILE_DESCRIPTORS = 128;

/** When the open-file limit can't be read (not Linux): enough for this app on one core. */
export const FALLBACK_MAX_CONNECTIONS = 1000;

/**
 * The default cap on open HTTP connections: the process's open-file soft limit
 * minus a reserve, so that a flood of connections (slow clients, a client that
 * never closes) is refused at the door instead of exhausting file descriptors,
 * after which SQLite could not open its files nor the server accept anything.
 * Node raises its soft limit to the hard limit at start, so this reads what the
 * process really has. With a tiny limit, half of it goes to connections.
 */
export function defaultMaxConnections(): number {
  return maxConnectionsFor(readProcLimits());
}

/** defaultMaxConnections for a /proc/<pid>/limits text (undefined: unreadable). */
export function maxConnectionsFor(limits: string | undefined): number {
  const openFiles = openFileSoftLimit(limits);
  if (openFiles === undefined) return FALLBACK_MAX_CONNECTIONS;
  return Math.max(openFiles - RESERVED_FILE_DESCRIPTORS, Math.floor(openFiles / 2));
}

/** The soft "Max open files" of a /proc/<pid>/limits text; undefined if absent or unlimited. */
export function openFileSoftLimit(limits: string | undefined): number | undefined {
  const match = limits?.match(/^Max open files\s+(\d+)\s/m);
  const value = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function readProcLimits(): string | undefined {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined;
  }
}
