import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { oddString, percentEncode } from './text';

const JUNK_SEGMENTS = [
  ...['%', '%%', '%ED%A0%80', '%00', '%2F', '%2e%2e', '..', '.', '%FF', '%C0%AF', '%E2%80%8B'],
  ...['__proto__', 'constructor', 'toString', 'CON', 'lobby%00', '%20', '~', ';', ';x=1', '*'],
  ...[':slug', '{slug}', '%7Bslug%7D', '0', '-1', '1e309', 'null', 'undefined'],
];

/** Path segments nobody should have: broken or tricky percent-encoding, dots, odd names, very long. */
export const junkSegment = fc.oneof(
  { arbitrary: fc.constantFrom(...JUNK_SEGMENTS), weight: 4 },
  { arbitrary: oddString.filter((text) => text.length > 0).map(percentEncode), weight: 2 },
  { arbitrary: fc.integer({ min: 200, max: 6000 }).map((length) => 'x'.repeat(length)), weight: 1 },
);

/** A change to a whole path (after the template is filled in). */
export type PathTwist =
  | { kind: 'none' }
  | { kind: 'trailing-slash' }
  | { kind: 'upper-case' }
  | { kind: 'double-slash' }
  | { kind: 'dot-segments'; via: string }
  | { kind: 'extra-segment'; segment: string };

export const pathTwist: Arbitrary<PathTwist> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constant<PathTwist>({ kind: 'none' }), weight: 12 },
  { arbitrary: fc.constant<PathTwist>({ kind: 'trailing-slash' }), weight: 1 },
  { arbitrary: fc.constant<PathTwist>({ kind: 'upper-case' }), weight: 1 },
  { arbitrary: fc.constant<PathTwist>({ kind: 'double-slash' }), weight: 1 },
  {
    arbitrary: fc
      .constantFrom('/x/..', '/.', '/%2e%2e', '/x/%2E%2E')
      .map((via): PathTwist => ({ kind: 'dot-segments', via })),
    weight: 1,
  },
  {
    arbitrary: junkSegment.map((segment): PathTwist => ({ kind: 'extra-segment', segment })),
    weight: 1,
  },
);

export function twistPath(path: string, twist: PathTwist): string {
  switch (twist.kind) {
    case 'none':
      return path;
    case 'trailing-slash':
      return `${path}/`;
    case 'upper-case':
      return path.toUpperCase();
    case 'double-slash':
      return path.replace(/\/([^/]*)$/, '//$1');
    case 'dot-segments':
      return path.replace(/\/([^/]*)$/, `${twist.via}/$1`);
    case 'extra-segment':
      return `${path}/${twist.segment}`;
  }
}
