import { parse as parseQuery } from 'node:querystring';
import type { SweepCase } from './arbitraries';
import type { Endpoint, FieldSchema } from './endpoints';
import type { RawRequest, RawResponse } from './raw-http';

/** /api and below, in any case (Express routes ignore case): answered by the API, in JSON. */
export function isApiPath(target: string): boolean {
  return /^\/api(\/|\?|$)/i.test(target);
}

/**
 * What is wrong with any answer: a 5xx, or under /api something else than JSON
 * in the API's error shape. Empty when nothing is.
 */
export function answerProblems(raw: RawRequest, response: RawResponse): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`answered ${response.status}`);
  if (!isApiPath(raw.path) || response.status === 204 || raw.method === 'HEAD') return problems;
  const contentType = response.headers['content-type'] ?? '';
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    body = undefined;
  }
  if (!/^application\/json\b/i.test(contentType) || body === undefined) {
    problems.push(`answered ${response.status} with ${contentType || 'no content type'}, not JSON`);
  } else if (response.status >= 400) {
    const error = body as { statusCode?: unknown; message?: unknown };
    if (error.statusCode !== response.status || error.message === undefined) {
      problems.push(`answered ${response.status} without the {statusCode, message, error} shape`);
    }
  }
  return problems;
}

/**
 * Whether a case reaches the endpoint it was made for, so that its documentation
 * applies: same method, and a path changed at most in case or by a trailing slash.
 */
export function reachesItsEndpoint(endpoint: Endpoint, sweepCase: SweepCase): boolean {
  return (
    sweepCase.method === endpoint.method &&
    ['none', 'trailing-slash', 'upper-case'].includes(sweepCase.twist.kind)
  );
}

/** A string with nothing to see: whitespace, control, format and default-ignorable characters only. */
export function hasNothingVisible(text: string): boolean {
  return /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u.test(text);
}

/** A lone surrogate: in a `u` regex a pair is one code point, so \p{Cs} matches unpaired halves only. */
function isWellFormed(text: string): boolean {
  return !/\p{Cs}/u.test(text);
}

/**
 * Fields whose text is a secret rather than something shown: any characters go.
 * (An OpenAPI `format: password`, or the name.)
 */
function isSecret(name: string, schema: FieldSchema): boolean {
  return schema.format === 'password' || /password|secret/i.test(name);
}

function typeMatches(value: unknown, type: string | undefined): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

/** Only this content type is sure to be read as JSON and UTF-8; for others the sweep can't tell what the server saw. */
const PLAIN_JSON = /^application\/json(;\s*charset=utf-8)?$/i;

/** The routes that need no session, and so ignore X-Chat-User (the app's @Public() routes). */
const SESSIONLESS = new Set(['POST /api/auth/signup', 'POST /api/auth/login', 'GET /api/health']);

function headerOf(raw: RawRequest, name: string): string[] {
  return raw.headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
}

/**
 * Why a request should not have succeeded, from the documentation alone: empty
 * when it may. Checked only when the answer was 2xx and the request reached
 * `endpoint` (reachesItsEndpoint).
 *
 * A documented JSON body must be valid UTF-8 JSON, an object with documented
 * fields only (so no `__proto__`, `constructor`…), the required ones present, of
 * the documented types, well-formed text (no lone surrogate), matching their
 * pattern, and, except secrets, showing something (not only zero-width or other
 * invisible characters). Lengths are left to the unit tests: how they count
 * (after trimming, per code point) is the validator's business.
 *
 * Documented query parameters: no others, each once, numbers as plain
 * non-negative decimal digits within the documented range.
 */
export function acceptanceProblems(endpoint: Endpoint, raw: RawRequest): string[] {
  const problems: string[] = [];
  if (
    headerOf(raw, 'x-chat-user').length > 0 &&
    !SESSIONLESS.has(`${endpoint.method} ${endpoint.template}`)
  ) {
    problems.push("X-Chat-User names a user other than the session's");
  }
  const queryStart = raw.path.indexOf('?');
  if (endpoint.query.length > 0 && queryStart >= 0) {
    const declared = new Map(endpoint.query.map((parameter) => [parameter.name, parameter.schema]));
    for (const [name, value] of Object.entries(parseQuery(raw.path.slice(queryStart + 1)))) {
      const schema = declared.get(name);
      if (!schema) problems.push(`unknown query parameter ${JSON.stringify(name)}`);
      else if (typeof value !== 'string') problems.push(`query parameter ${name} given twice`);
      else if (schema.type === 'integer' || schema.type === 'number') {
        const number = Number(value);
        const inRange =
          /^\d+$/.test(value) &&
          (schema.minimum === undefined || number >= schema.minimum) &&
          (schema.maximum === undefined || number <= schema.maximum);
        if (!inRange)
          problems.push(`query parameter ${name}=${JSON.stringify(value)} is no number in range`);
      }
    }
  }

  const schema = endpoint.body;
  if (!schema) return problems;
  const contentTypes = headerOf(raw, 'content-type');
  if (contentTypes.length > 1 || !PLAIN_JSON.test(contentTypes[0] ?? '')) return problems;
  if (headerOf(raw, 'content-encoding').length > 0) return problems;

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw.body ?? Buffer.alloc(0));
  } catch {
    return [...problems, 'the body is not valid UTF-8'];
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...problems, 'the body is not JSON'];
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [...problems, 'the body is not a JSON object'];
  }
  const fields = body as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    const field = schema.properties[name];
    if (!Object.hasOwn(schema.properties, name) || !field) {
      problems.push(`undocumented field ${JSON.stringify(name)}`);
      continue;
    }
    const value = fields[name];
    if (!typeMatches(value, field.type)) {
      problems.push(`field ${name} is not of type ${field.type}`);
      continue;
    }
    if (typeof value !== 'string') continue;
    if (!isWellFormed(value)) problems.push(`field ${name} holds a lone surrogate`);
    else if (!isSecret(name, field) && hasNothingVisible(value)) {
      problems.push(`field ${name} shows nothing`);
    }
    if (field.pattern) {
      const pattern = new RegExp(field.pattern);
      if (!pattern.test(value) && !pattern.test(value.trim())) {
        problems.push(`field ${name} does not match ${field.pattern}`);
      }
    }
  }
  for (const name of schema.required) {
    if (!Object.hasOwn(fields, name)) problems.push(`required field ${name} missing`);
  }
  return problems;
}
