import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import type { IdentityName } from './identities';
import { IDENTITY_NAMES } from './identities';
import { oddString, percentEncode } from './text';

/** Values no cookie of the app should hold: JSON-cookie prefixes, broken signatures and encodings, long. */
const COOKIE_JUNK = [
  ...['j:1', 'j:{"a":1}', 'j:[1]', 'j:null', 'j:"x"', 'j:', 'j:{', 's:', 's:x', 's:x.y', 's:.'],
  ...['%', '%zz', '%ED%A0%80', '%00', '%E2%80%8B', '"quoted"', '"', 'a=b', ''],
  ...['x'.repeat(4000)],
];

/** A cookie value as bytes: printable ASCII and latin1 bytes (what an HTTP header can carry), no `;`. */
const cookieBytes = fc.string({
  unit: fc
    .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }))
    .filter((code) => code !== 0x3b)
    .map((code) => String.fromCharCode(code)),
  maxLength: 16,
});

const cookieValue = fc.oneof(
  { arbitrary: fc.constantFrom(...COOKIE_JUNK), weight: 4 },
  { arbitrary: oddString.map(percentEncode), weight: 1 },
  { arbitrary: cookieBytes, weight: 1 },
);

/** How an identity's own cookie value gets changed. */
export type Tamper =
  'flip-last' | 'cut-signature' | 'append' | 'unsign' | 'upper-case' | 'halve' | 'json-prefix';

export function tamper(value: string, how: Tamper): string {
  switch (how) {
    case 'flip-last':
      return value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A');
    case 'cut-signature':
      return value.includes('.') ? value.slice(0, value.lastIndexOf('.')) : value;
    case 'append':
      return `${value}x`;
    case 'unsign':
      return value.replace(/^s(%3A|:)/i, '');
    case 'upper-case':
      return value.toUpperCase();
    case 'halve':
      return value.slice(0, Math.floor(value.length / 2));
    case 'json-prefix':
      return `j%3A${value}`;
  }
}

/** The Cookie header(s) sent, relative to the identity's jar. */
export type CookieChoice =
  | { kind: 'jar' }
  | { kind: 'none' }
  /** The jar with one cookie set (replaced or added) to this value. */
  | { kind: 'set'; name: string; value: string }
  /** The jar with one of its own values tampered with. */
  | { kind: 'tamper'; name: string; how: Tamper }
  /** The jar plus `name=value` again, before or after the jar's: a duplicate cookie name. */
  | { kind: 'duplicate'; name: string; value: string; first: boolean }
  /** The jar's Cookie header and a second Cookie header. */
  | { kind: 'second-header'; header: string }
  /** This Cookie header instead of the jar's. */
  | { kind: 'raw'; header: string };

export function cookieChoiceOf(cookieNames: string[]): Arbitrary<CookieChoice> {
  const name = fc.oneof(
    { arbitrary: fc.constantFrom(...cookieNames), weight: 4 },
    { arbitrary: fc.constantFrom('junk', '__proto__', 'constructor', ''), weight: 1 },
  );
  const rawHeader = fc.oneof(
    fc.constantFrom(';;;', '=', '=x', ' ; = ; ', 'a=1; a=2', 'x'.repeat(4000)),
    fc.tuple(fc.constantFrom(...cookieNames), cookieValue).map(([n, v]) => `${n}=${v}`),
    fc.constantFrom(...cookieNames),
  );
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.constant<CookieChoice>({ kind: 'jar' }), weight: 12 },
    { arbitrary: fc.constant<CookieChoice>({ kind: 'none' }), weight: 3 },
    {
      arbitrary: fc.record({ kind: fc.constant('set' as const), name, value: cookieValue }),
      weight: 4,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('tamper' as const),
        name: fc.constantFrom(...cookieNames),
        how: fc.constantFrom<Tamper>(
          'flip-last',
          'cut-signature',
          'append',
          'unsign',
          'upper-case',
          'halve',
          'json-prefix',
        ),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('duplicate' as const),
        name: fc.constantFrom(...cookieNames),
        value: cookieValue,
        first: fc.boolean(),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('second-header' as const), header: rawHeader }),
      weight: 1,
    },
    { arbitrary: fc.record({ kind: fc.constant('raw' as const), header: rawHeader }), weight: 1 },
  );
}

/** The X-XSRF-TOKEN header sent. */
export type CsrfChoice =
  | { kind: 'valid' }
  | { kind: 'none' }
  /** Another identity's (valid, for them) token. */
  | { kind: 'of'; identity: IdentityName }
  | { kind: 'junk'; value: string }
  /** The valid token in two headers (Node joins them with ", "). */
  | { kind: 'twice' };

export const csrfChoice: Arbitrary<CsrfChoice> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constant<CsrfChoice>({ kind: 'valid' }), weight: 14 },
  { arbitrary: fc.constant<CsrfChoice>({ kind: 'none' }), weight: 2 },
  {
    arbitrary: fc
      .constantFrom(...IDENTITY_NAMES)
      .map((identity): CsrfChoice => ({ kind: 'of', identity })),
    weight: 1,
  },
  { arbitrary: cookieValue.map((value): CsrfChoice => ({ kind: 'junk', value })), weight: 2 },
  { arbitrary: fc.constant<CsrfChoice>({ kind: 'twice' }), weight: 1 },
);

const CONTENT_TYPES = [
  ...['application/json; charset=utf-8', 'application/JSON'],
  ...['application/json; charset=latin1', 'application/json; charset=utf-16'],
  ...['application/json; charset=', 'application/vnd.api+json', 'text/plain'],
  ...['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '*/*', ''],
];

/** The Content-Type of a request with a body; null sends none. */
export const contentType: Arbitrary<string | null> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constant('application/json'), weight: 14 },
  { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 3 },
  { arbitrary: fc.constant(null), weight: 1 },
);

export const extraHeader: Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(
    fc.constant('Sec-Fetch-Site'),
    fc.constantFrom('cross-site', 'same-site', 'same-origin', 'none', 'junk'),
  ),
  fc.tuple(
    fc.constant('Origin'),
    fc.constantFrom(
      'http://evil.example',
      'null',
      'http://127.0.0.1',
      'junk',
      '://',
      'http://[::1',
    ),
  ),
  fc.tuple(
    fc.constant('Content-Encoding'),
    fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'zstd', 'x-junk'),
  ),
  fc.tuple(fc.constant('X-Forwarded-Proto'), fc.constantFrom('https', 'junk')),
  fc.tuple(fc.constant('X-HTTP-Method-Override'), fc.constantFrom('DELETE', 'PUT')),
  fc.tuple(fc.constant('Accept'), fc.constantFrom('text/html', 'application/xml', '*/*', '')),
  // The user a page expects: never any sweep identity's id (ids are small positive integers).
  fc.tuple(
    fc.constant('X-Chat-User'),
    fc.constantFrom('', '0', '-1', '01', 'junk', '999999999', '1 1', 'x'.repeat(300)),
  ),
);
