import fc from 'fast-check';

/**
 * A JSON document as the sweep writes it: besides plain values, objects whose keys
 * may repeat or be called `__proto__`, literal number text JSON.stringify can't
 * write (`1e309`, `-0`), long repeated strings and deep nesting. Each prints short
 * in fast-check's reports, however big its text.
 */
export type Json = null | boolean | number | string | Json[] | JsonObject | Repeat | RawJson | Deep;

/** An object as its text lists it: keys in order, possibly repeated, any name. */
export class JsonObject {
  constructor(readonly entries: [string, Json][]) {}

  [fc.toStringMethod](): string {
    return `{${this.entries.map(([key, value]) => `${fc.stringify(key)}: ${fc.stringify(value)}`).join(', ')}}`;
  }
}

/** `unit` repeated `count` times: a huge string that prints as `"é"×40000`. */
export class Repeat {
  constructor(
    readonly unit: string,
    readonly count: number,
  ) {}

  [fc.toStringMethod](): string {
    return `${fc.stringify(this.unit)}×${this.count}`;
  }
}

/** Text written into the document as is: odd numbers (`1e309`, `-0`) or invalid JSON (`NaN`). */
export class RawJson {
  constructor(readonly text: string) {}

  [fc.toStringMethod](): string {
    return `raw(${this.text})`;
  }
}

/** `depth` nested arrays (`[[[…]]]`) or objects (`{"key":{"key":…}}`) around `leaf`. */
export class Deep {
  constructor(
    readonly shape: 'array' | 'object',
    readonly depth: number,
    readonly key: string,
    readonly leaf: Json,
  ) {}

  [fc.toStringMethod](): string {
    const around = this.shape === 'array' ? '[…]' : `{${JSON.stringify(this.key)}: …}`;
    return `${around}×${this.depth} around ${fc.stringify(this.leaf)}`;
  }
}

/**
 * The JSON text. Strings go through JSON.stringify, which writes a lone surrogate
 * as its `\ud800` escape. Deep nesting is written without recursion.
 */
export function renderJson(value: Json): string {
  if (value instanceof JsonObject) {
    const members = value.entries.map(
      ([key, member]) => `${JSON.stringify(key)}:${renderJson(member)}`,
    );
    return `{${members.join(',')}}`;
  }
  if (value instanceof Repeat) return JSON.stringify(value.unit.repeat(value.count));
  if (value instanceof RawJson) return value.text;
  if (value instanceof Deep) {
    const [open, close] =
      value.shape === 'array' ? ['[', ']'] : [`{${JSON.stringify(value.key)}:`, '}'];
    return open.repeat(value.depth) + renderJson(value.leaf) + close.repeat(value.depth);
  }
  if (Array.isArray(value)) return `[${value.map(renderJson).join(',')}]`;
  return JSON.stringify(value) ?? 'null';
}

/** A request body: none, a JSON document, or bytes (strings as UTF-8, numbers as raw bytes). */
export type BodySpec =
  | { kind: 'none' }
  | { kind: 'json'; value: Json }
  | { kind: 'bytes'; parts: (string | number[])[] };

export function renderBody(body: BodySpec): Buffer | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return Buffer.from(renderJson(body.value), 'utf8');
    case 'bytes':
      return Buffer.concat(
        body.parts.map((part) =>
          typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part),
        ),
      );
  }
}
