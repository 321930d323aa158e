import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import type { Endpoint } from './endpoints';
import { oddString, percentEncode, PROTOTYPE_KEYS } from './text';

/** Numbers as a query string may spell them; %D9%A3 is an Arabic-Indic three, %EF%BC%95 a full-width five. */
const ODD_NUMBERS = [
  ...['1e309', '-0', '0x10', '%205', '+5', '5%20', '1.0', 'NaN', 'Infinity', '-Infinity', '-1'],
  ...['0', '1', '00', '007', '1e3', '1e-7', '.5', '5.', '0b1', '0o7', '1_000', '%D9%A3'],
  ...['%EF%BC%95', '9'.repeat(400), '9007199254740991', '9007199254740992'],
  ...['18446744073709551616', '100', '101', '%2B1', '2%2C3', 'true', 'null', '', '%', '%zz'],
  ...['%ED%A0%80', '%00', '%E2%80%8B5'],
];

function queryKeyOf(declared: string[]): Arbitrary<string> {
  const forms = declared.flatMap((name) => [
    name,
    `${name}[]`,
    `${name}[x]`,
    name.toUpperCase(),
    `${name}%00`,
  ]);
  return fc.oneof(
    ...(declared.length > 0 ? [{ arbitrary: fc.constantFrom(...declared), weight: 6 }] : []),
    ...(forms.length > 0 ? [{ arbitrary: fc.constantFrom(...forms), weight: 1 }] : []),
    { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        'a[]',
        'a[b]',
        '__proto__[x]',
        'constructor[prototype][x]',
        '%5F%5Fproto%5F%5F',
        'page',
      ),
      weight: 1,
    },
    { arbitrary: oddString.map(percentEncode), weight: 1 },
  );
}

const queryValue = fc.oneof(
  { arbitrary: fc.constantFrom(...ODD_NUMBERS), weight: 4 },
  { arbitrary: fc.nat({ max: 200 }).map(String), weight: 2 },
  { arbitrary: oddString.map(percentEncode), weight: 1 },
);

/** Query-string pieces ("k=v", "k", "=v", "k=v=w", ""), keys repeated at times. */
export function queryOf(endpoint: Endpoint): Arbitrary<string[]> {
  const key = queryKeyOf(endpoint.query.map((parameter) => parameter.name));
  const piece = fc.oneof(
    { arbitrary: fc.tuple(key, queryValue).map(([k, v]) => `${k}=${v}`), weight: 6 },
    { arbitrary: key, weight: 1 },
    { arbitrary: queryValue.map((v) => `=${v}`), weight: 1 },
    {
      arbitrary: fc.tuple(key, queryValue, queryValue).map(([k, v, w]) => `${k}=${v}=${w}`),
      weight: 1,
    },
    { arbitrary: fc.constant(''), weight: 1 },
  );
  const pieces = fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([some, repeat]) => (repeat ? [...some, some[0]] : some));
  // Mostly none where the endpoint documents no parameter: it has nothing to read.
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.constant<string[]>([]), weight: endpoint.query.length > 0 ? 1 : 3 },
    { arbitrary: pieces, weight: 2 },
  );
}
