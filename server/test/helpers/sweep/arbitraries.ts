import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { bodyOf } from './bodies';
import type { Endpoint } from './endpoints';
import { contentType, cookieChoiceOf, csrfChoice, extraHeader } from './headers';
import type { CookieChoice, CsrfChoice } from './headers';
import type { IdentityName } from './identities';
import { IDENTITY_NAMES } from './identities';
import type { BodySpec } from './json-text';
import { junkSegment, pathTwist } from './paths';
import type { PathTwist } from './paths';
import { queryOf } from './query';
import { percentEncode } from './text';

/*
 * The sweep's generated requests, one case at a time. The parts come from:
 * text.ts (odd, invisible, huge strings), bodies.ts (JSON and byte bodies),
 * query.ts, paths.ts and headers.ts (cookies, CSRF header, content type, others).
 * A case names its parts; render-case.ts turns it into bytes for an identity.
 */

/** One generated request, relative to an endpoint and an identity. */
export interface SweepCase {
  as: IdentityName;
  method: string;
  /** Each path param's value, already percent-encoded. */
  params: Record<string, string>;
  twist: PathTwist;
  query: string[];
  cookies: CookieChoice;
  csrf: CsrfChoice;
  contentType: string | null;
  headers: [string, string][];
  body: BodySpec;
}

/** What the sweep knows of the app once it is set up: valid path-param values, cookie names, strings worth reusing. */
export interface SweepKnowledge {
  paramValues: Record<string, string[]>;
  cookieNames: string[];
  knownStrings: string[];
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The parts of a request other than its identity, path params, query and body. */
type Envelope = Pick<
  SweepCase,
  'method' | 'twist' | 'cookies' | 'csrf' | 'contentType' | 'headers'
>;

/**
 * What a browser sends (so that the body and query reach the endpoint's validation
 * and the database), or that with odd cookies, CSRF header, method, path, content
 * type or extra headers.
 */
function envelopeOf(endpoint: Endpoint, knowledge: SweepKnowledge): Arbitrary<Envelope> {
  const browserLike: Envelope = {
    method: endpoint.method,
    twist: { kind: 'none' },
    cookies: { kind: 'jar' },
    csrf: { kind: 'valid' },
    contentType: 'application/json',
    headers: [],
  };
  const odd = fc.record({
    method: fc.oneof(
      { withCrossShrink: true },
      { arbitrary: fc.constant(endpoint.method), weight: 4 },
      { arbitrary: fc.constantFrom(...METHODS), weight: 1 },
    ),
    twist: pathTwist,
    cookies: cookieChoiceOf(knowledge.cookieNames),
    csrf: csrfChoice,
    contentType,
    headers: fc.oneof(
      { withCrossShrink: true },
      { arbitrary: fc.constant<[string, string][]>([]), weight: 3 },
      { arbitrary: fc.array(extraHeader, { minLength: 1, maxLength: 2 }), weight: 1 },
    ),
  });
  // Where there is a body or query to deliver, mostly browser-like; else the envelope
  // is all there is to vary.
  const delivers = endpoint.body !== undefined || endpoint.query.length > 0;
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.constant(browserLike), weight: delivers ? 2 : 1 },
    { arbitrary: odd, weight: delivers ? 1 : 2 },
  );
}

/** Requests for one endpoint: mostly well-formed around a generated body and query, at valid path params. */
export function caseOf(endpoint: Endpoint, knowledge: SweepKnowledge): Arbitrary<SweepCase> {
  const params = Object.fromEntries(
    endpoint.pathParams.map((name) => {
      const valid = knowledge.paramValues[name] ?? [];
      const value =
        valid.length > 0
          ? fc.oneof(
              { withCrossShrink: true },
              { arbitrary: fc.constantFrom(...valid.map(percentEncode)), weight: 3 },
              { arbitrary: junkSegment, weight: 1 },
            )
          : junkSegment;
      return [name, value];
    }),
  );
  return fc
    .tuple(
      fc.record({
        as: fc.constantFrom(...IDENTITY_NAMES),
        params: fc.record(params),
        query: queryOf(endpoint),
        body: bodyOf(endpoint, knowledge.knownStrings),
      }),
      envelopeOf(endpoint, knowledge),
    )
    .map(([core, envelope]) => ({ ...core, ...envelope }));
}
