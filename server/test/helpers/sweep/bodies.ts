import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import type { BodySchema, Endpoint, FieldSchema } from './endpoints';
import { Deep, JsonObject, RawJson, renderJson } from './json-text';
import type { BodySpec, Json } from './json-text';
import {
  control,
  hugeString,
  invisible,
  invisibleOnly,
  loneSurrogate,
  oddString,
  oddText,
  PROTOTYPE_KEYS,
  space,
} from './text';

/** Number literals JSON.stringify can't write (out of range, -0, past 2^53), and some that aren't JSON at all. */
const oddNumberText = fc.constantFrom(
  ...['1e309', '-1e309', '-0', '1E400', '1e-400', '123456789012345678901234567890'],
  ...['9007199254740993', '0.1', '1.0', '-1', '0', '1e3'],
  ...['NaN', 'Infinity', '0x10', '+1', '.5', '01', 'undefined', "'single'"],
);

function keyOf(fields: string[]): Arbitrary<string> {
  return fc.oneof(
    ...(fields.length > 0 ? [{ arbitrary: fc.constantFrom(...fields), weight: 3 }] : []),
    { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS), weight: 2 },
    {
      arbitrary: fc.constantFrom('', 'isAdmin', 'id', 'userId', 'roomId', 'a[b]', 'a.b', '$where'),
      weight: 1,
    },
    { arbitrary: oddString, weight: 1 },
  );
}

/** Deeply nested arrays or objects: shallow, around the 1,316 levels that used to overflow, and up to 5,000. */
function deepOf(key: Arbitrary<string>, leaf: Arbitrary<Json>): Arbitrary<Deep> {
  return fc
    .record({
      shape: fc.constantFrom('array' as const, 'object' as const),
      depth: fc.oneof(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1200, max: 1400 }),
        fc.integer({ min: 1, max: 5000 }),
      ),
      key,
      leaf,
    })
    .map(({ shape, depth, key: name, leaf: inner }) => new Deep(shape, depth, name, inner));
}

/** Any JSON value the sweep sends: wrong types, odd strings and numbers, nesting, prototype keys. */
export function jsonValue(fields: string[]): Arbitrary<Json> {
  const key = keyOf(fields);
  const leaf: Arbitrary<Json> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    oddNumberText.map((text) => new RawJson(text)),
    oddString,
    invisibleOnly,
    hugeString,
  );
  const { value } = fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 3, withCrossShrink: true },
      { arbitrary: leaf, weight: 6 },
      { arbitrary: fc.array(tie('value'), { maxLength: 3 }), weight: 1 },
      {
        arbitrary: fc
          .array(fc.tuple(key, tie('value')), { maxLength: 3 })
          .map((entries) => new JsonObject(entries)),
        weight: 1,
      },
      { arbitrary: deepOf(key, leaf), weight: 1 },
    ),
  }));
  return value;
}

/** A value the documentation allows for a field (mostly: patterns and lengths are only aimed at). */
function plausibleValue(schema: FieldSchema, knownStrings: string[]): Arbitrary<Json> {
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1_000_000 });
    case 'boolean':
      return fc.boolean();
    case 'string': {
      const minLength = Math.max(1, schema.minLength ?? 1);
      const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
      const fresh = schema.pattern
        ? fc
            .stringMatching(new RegExp(schema.pattern), { size: 'small' })
            .filter((text) => text.length >= minLength && text.length <= maxLength)
        : fc.string({
            unit: fc.oneof(
              { arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), weight: 8 },
              { arbitrary: fc.constant(' '), weight: 1 },
              { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 1 },
            ),
            minLength,
            maxLength,
          });
      // Known strings (the sweep's usernames and password, room slugs and names) let a
      // login succeed or a name collide.
      return knownStrings.length > 0
        ? fc.oneof(
            { arbitrary: fresh, weight: 3 },
            { arbitrary: fc.constantFrom(...knownStrings), weight: 1 },
          )
        : fresh;
    }
    default:
      return jsonValue([]);
  }
}

/** A body the documentation allows (mostly): required fields always, optional ones sometimes. */
function plausibleBody(schema: BodySchema, knownStrings: string[]): Arbitrary<JsonObject> {
  const model = Object.fromEntries(
    Object.entries(schema.properties).map(([name, field]) => [
      name,
      plausibleValue(field, knownStrings),
    ]),
  );
  return fc
    .record(model, { requiredKeys: schema.required })
    .map((body) => new JsonObject(Object.entries(body) as [string, Json][]));
}

/** One change to a plausible body. */
type Mutation =
  /** Sets a field, documented or not, to any value: wrong types, extra and prototype-named keys. */
  | { op: 'set'; key: string; value: Json }
  /** Inserts odd characters into a string field (or makes it that string). */
  | { op: 'insert'; key: string; at: number; text: string }
  /** Replaces a field by text with nothing visible. */
  | { op: 'blank'; key: string; text: string }
  | { op: 'drop'; key: string }
  /** Writes the key a second time: JSON.parse keeps the last. */
  | { op: 'repeat-key'; key: string; value: Json };

function mutationOf(fields: string[]): Arbitrary<Mutation> {
  const field = fields.length > 0 ? fc.constantFrom(...fields) : keyOf([]);
  return fc.oneof(
    {
      arbitrary: fc.record({
        op: fc.constant('set' as const),
        key: keyOf(fields),
        value: jsonValue(fields),
      }),
      weight: 4,
    },
    {
      arbitrary: fc.record({
        op: fc.constant('insert' as const),
        key: field,
        at: fc.nat(),
        text: fc.string({
          unit: fc.oneof(loneSurrogate, invisible, control, space, oddText),
          minLength: 1,
          maxLength: 3,
        }),
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({ op: fc.constant('blank' as const), key: field, text: invisibleOnly }),
      weight: 2,
    },
    { arbitrary: fc.record({ op: fc.constant('drop' as const), key: field }), weight: 1 },
    {
      arbitrary: fc.record({
        op: fc.constant('repeat-key' as const),
        key: field,
        value: jsonValue(fields),
      }),
      weight: 1,
    },
  );
}

function mutate(body: JsonObject, mutation: Mutation): JsonObject {
  const entries = body.entries.filter(([key]) => key !== mutation.key);
  const current = body.entries.find(([key]) => key === mutation.key)?.[1];
  switch (mutation.op) {
    case 'set':
      return new JsonObject([...entries, [mutation.key, mutation.value]]);
    case 'insert': {
      const text = typeof current === 'string' ? current : '';
      const at = mutation.at % (text.length + 1);
      return new JsonObject([
        ...entries,
        [mutation.key, text.slice(0, at) + mutation.text + text.slice(at)],
      ]);
    }
    case 'blank':
      return new JsonObject([...entries, [mutation.key, mutation.text]]);
    case 'drop':
      return new JsonObject(entries);
    case 'repeat-key':
      return new JsonObject([...body.entries, [mutation.key, mutation.value]]);
  }
}

/** Byte sequences no UTF-8 decoder should accept: stray bytes, overlong forms, encoded surrogates, past U+10FFFF, cut short. */
export const INVALID_UTF8: number[][] = [
  ...[[0xff], [0xfe], [0x80], [0xc3], [0xc3, 0x28], [0xc0, 0xaf], [0xe0, 0x80, 0xaf]],
  ...[
    [0xed, 0xa0, 0x80],
    [0xed, 0xbf, 0xbf],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
  ],
];

const PLACEHOLDER = 'SWEEP-RAW-BYTES';

/** Bodies that are bytes rather than JSON: invalid UTF-8 inside a string, a BOM, cut-off or broken JSON, noise. */
function bytesBody(plausible: Arbitrary<JsonObject>, fields: string[]): Arbitrary<BodySpec> {
  const invalidInField = fc
    .record({
      body: plausible,
      key: fields.length > 0 ? fc.constantFrom(...fields) : fc.constant('x'),
      bytes: fc.constantFrom(...INVALID_UTF8),
      before: fc.string({ maxLength: 4 }),
    })
    .map(({ body, key, bytes, before }): BodySpec => {
      const text = renderJson(
        new JsonObject([
          ...body.entries.filter(([name]) => name !== key),
          [key, before + PLACEHOLDER],
        ]),
      );
      const [start, end] = text.split(PLACEHOLDER);
      return { kind: 'bytes', parts: [start, bytes, end] };
    });
  return fc.oneof(
    { arbitrary: invalidInField, weight: 4 },
    {
      arbitrary: fc
        .uint8Array({ maxLength: 48 })
        .map((bytes): BodySpec => ({ kind: 'bytes', parts: [[...bytes]] })),
      weight: 1,
    },
    {
      arbitrary: plausible.map((body): BodySpec => ({
        kind: 'bytes',
        parts: [[0xef, 0xbb, 0xbf], renderJson(body)],
      })),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(plausible, fc.nat()).map(([body, cut]): BodySpec => {
        const text = renderJson(body);
        return { kind: 'bytes', parts: [text.slice(0, cut % text.length)] };
      }),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom(
          '',
          ' ',
          'null',
          '""',
          '[]',
          '{',
          '{"a":1,}',
          "{'a':1}",
          '{"a":1}{"b":2}',
          '\u0000',
        )
        .map((text): BodySpec => ({ kind: 'bytes', parts: [text] })),
      weight: 1,
    },
  );
}

/** Bodies for an endpoint: mostly its documented shape, changed; sometimes anything at all. */
export function bodyOf(endpoint: Endpoint, knownStrings: string[]): Arbitrary<BodySpec> {
  const schema = endpoint.body ?? { properties: {}, required: [] };
  const fields = Object.keys(schema.properties);
  const plausible = plausibleBody(schema, knownStrings);
  const json = (value: Arbitrary<Json>) => value.map((v): BodySpec => ({ kind: 'json', value: v }));
  const deep = json(deepOf(keyOf(fields), jsonValue(fields)));
  if (!endpoint.body) {
    return fc.oneof(
      { withCrossShrink: true },
      { arbitrary: fc.constant<BodySpec>({ kind: 'none' }), weight: 6 },
      { arbitrary: json(jsonValue(fields)), weight: 1 },
      { arbitrary: deep, weight: 1 },
      { arbitrary: bytesBody(plausible, fields), weight: 1 },
    );
  }
  const mutated = fc
    .tuple(plausible, fc.array(mutationOf(fields), { minLength: 1, maxLength: 2 }))
    .map(([body, mutations]) => mutations.reduce(mutate, body));
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: json(plausible), weight: 3 },
    { arbitrary: json(mutated), weight: 6 },
    { arbitrary: bytesBody(plausible, fields), weight: 2 },
    { arbitrary: deep, weight: 2 },
    { arbitrary: json(jsonValue(fields)), weight: 1 },
    { arbitrary: fc.constant<BodySpec>({ kind: 'none' }), weight: 1 },
  );
}
