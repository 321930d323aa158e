import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultMaxConnections,
  FALLBACK_MAX_CONNECTIONS,
  maxConnectionsFor,
  openFileSoftLimit,
  RESERVED_FILE_DESCRIPTORS,
} from './connection-limit';

/** The layout of /proc/<pid>/limits on Linux. */
const limits = (soft: string, hard: string) =>
  [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max cpu time              unlimited            unlimited            seconds   ',
    `Max open files            ${soft.padEnd(21)}${hard.padEnd(21)}files     `,
    'Max locked memory         8388608              8388608              bytes     ',
  ].join('\n');

describe('maxConnectionsFor', () => {
  it('is the open-file soft limit minus a reserve for the process own files', () => {
    expect(maxConnectionsFor(limits('1024', '4096'))).toBe(1024 - RESERVED_FILE_DESCRIPTORS);
    expect(maxConnectionsFor(limits('65536', '65536'))).toBe(65536 - 128);
  });

  it('keeps half for connections when the limit is tiny', () => {
    expect(maxConnectionsFor(limits('200', '200'))).toBe(100);
  });

  it('falls back to a fixed number when the limit is unknown', () => {
    expect(maxConnectionsFor(undefined)).toBe(FALLBACK_MAX_CONNECTIONS);
    expect(maxConnectionsFor('no such line')).toBe(FALLBACK_MAX_CONNECTIONS);
    expect(maxConnectionsFor(limits('unlimited', 'unlimited'))).toBe(FALLBACK_MAX_CONNECTIONS);
  });

  it('reads the soft limit, and this process own by default', () => {
    expect(openFileSoftLimit(limits('20000', '30000'))).toBe(20000);
    const expected =
      process.platform === 'linux'
        ? maxConnectionsFor(readFileSync('/proc/self/limits', 'utf8'))
        : FALLBACK_MAX_CONNECTIONS;
    expect(defaultMaxConnections()).toBe(expected);
  });
});
