import type { SweepCase } from './arbitraries';
import { tamper } from './headers';
import type { CookieChoice } from './headers';
import { twistPath } from './paths';
import { fillTemplate } from './endpoints';
import type { Endpoint } from './endpoints';
import type { IdentityName, SweepIdentity } from './identities';
import { XSRF_HEADER } from './identities';
import { renderBody } from './json-text';
import type { RawRequest } from './raw-http';

export type Identities = Record<IdentityName, SweepIdentity>;

/** The path and query string of a case: what goes on the request line. */
export function targetOf(endpoint: Endpoint, sweepCase: SweepCase): string {
  const path = twistPath(fillTemplate(endpoint.template, sweepCase.params), sweepCase.twist);
  return sweepCase.query.length > 0 ? `${path}?${sweepCase.query.join('&')}` : path;
}

function cookieHeaders(choice: CookieChoice, identity: SweepIdentity): string[] {
  const jar = identity.jar;
  const pairs = (override?: [string, string]) =>
    [
      ...jar.names
        .filter((name) => name !== override?.[0])
        .map((name) => `${name}=${jar.get(name)}`),
      ...(override ? [`${override[0]}=${override[1]}`] : []),
    ].join('; ');
  const own = jar.header();
  switch (choice.kind) {
    case 'jar':
      return own ? [own] : [];
    case 'none':
      return [];
    case 'set':
      return [pairs([choice.name, choice.value])];
    case 'tamper': {
      const value = jar.get(choice.name);
      return value === undefined
        ? own
          ? [own]
          : []
        : [pairs([choice.name, tamper(value, choice.how)])];
    }
    case 'duplicate': {
      const extra = `${choice.name}=${choice.value}`;
      if (!own) return [extra];
      return [choice.first ? `${extra}; ${own}` : `${own}; ${extra}`];
    }
    case 'second-header':
      return own ? [own, choice.header] : [choice.header];
    case 'raw':
      return [choice.header];
  }
}

/** The exact request a case sends as its identity (whose jar it reads but never changes). */
export function renderCase(
  endpoint: Endpoint,
  sweepCase: SweepCase,
  identities: Identities,
): RawRequest {
  const identity = identities[sweepCase.as];
  const headers: [string, string][] = cookieHeaders(sweepCase.cookies, identity).map((value) => [
    'Cookie',
    value,
  ]);
  const csrf = sweepCase.csrf;
  const token = identity.csrfToken;
  if (csrf.kind === 'valid' && token !== undefined) headers.push([XSRF_HEADER, token]);
  if (csrf.kind === 'twice' && token !== undefined)
    headers.push([XSRF_HEADER, token], [XSRF_HEADER, token]);
  if (csrf.kind === 'junk') headers.push([XSRF_HEADER, csrf.value]);
  if (csrf.kind === 'of') {
    const theirs = identities[csrf.identity].csrfToken;
    if (theirs !== undefined) headers.push([XSRF_HEADER, theirs]);
  }
  const body = renderBody(sweepCase.body);
  if (body !== undefined && sweepCase.contentType !== null)
    headers.push(['Content-Type', sweepCase.contentType]);
  headers.push(...sweepCase.headers);
  return { method: sweepCase.method, path: targetOf(endpoint, sweepCase), headers, body };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length} chars)`;
}

/**
 * One line to reproduce a request by hand: method, target, headers, body. Bytes
 * that aren't valid UTF-8 are written as \xNN, other non-ASCII and control
 * characters as JSON escapes; long parts are cut.
 */
export function describeRequest(raw: RawRequest): string {
  const headers = raw.headers.map(
    ([name, value]) => `-H ${JSON.stringify(`${name}: ${shorten(value, 120)}`)}`,
  );
  let body = '';
  if (raw.body !== undefined) {
    const decoded = new TextDecoder('utf-8', { fatal: false }).decode(raw.body);
    const exact = Buffer.from(decoded, 'utf8').equals(raw.body);
    const text = exact
      ? JSON.stringify(shorten(decoded, 400)).replace(
          /[\u007f-\uffff]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
        )
      : `bytes ${JSON.stringify(shorten(raw.body.toString('latin1'), 400)).replace(/[\u007f-\u00ff]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`)}`;
    body = ` --data ${text} (${raw.body.length} bytes)`;
  }
  return `${raw.method} ${shorten(raw.path, 200)} ${headers.join(' ')}${body}`;
}
