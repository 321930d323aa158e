import type { DataSource } from 'typeorm';
import type { SweepCase } from './arbitraries';
import { fingerprintChanges, fingerprintDatabase } from '../db-fingerprint';
import type { Endpoint } from './endpoints';
import { acceptanceProblems, answerProblems, reachesItsEndpoint } from './oracles';
import { sendRaw, setCookiesOf } from './raw-http';
import type { RawResponse } from './raw-http';
import { describeRequest, renderCase } from './render-case';
import type { SweepWorld } from './world';

export function preview(response: RawResponse): string {
  const body = response.body.toString('utf8');
  return `${response.status} ${body.length > 300 ? `${body.slice(0, 300)}…` : body}`;
}

/**
 * The sweep's property for one request: sends the case as its identity and throws,
 * with a one-line reproduction, when the answer is a 5xx or not JSON under /api,
 * when a refused (4xx) request changed any table, or when a success was not
 * allowed by the documentation. Puts the identity back afterwards.
 */
export function sweepCheck(
  url: string,
  dataSource: DataSource,
  world: () => SweepWorld,
): (endpoint: Endpoint, sweepCase: SweepCase) => Promise<void> {
  return async (endpoint, sweepCase) => {
    const { identities } = world();
    const raw = renderCase(endpoint, sweepCase, identities);
    const before = await fingerprintDatabase(dataSource);
    let response: RawResponse;
    try {
      response = await sendRaw(url, raw);
    } catch (error) {
      throw new Error(`no answer (${(error as Error).message})\n  ${describeRequest(raw)}`, {
        cause: error,
      });
    }
    const problems = answerProblems(raw, response);
    const { status } = response;
    if (status >= 400 && status < 500) {
      const changes = fingerprintChanges(before, await fingerprintDatabase(dataSource));
      if (changes.length > 0) {
        problems.push(`refused with ${status} yet changed the database: ${changes.join(', ')}`);
      }
    }
    if (status >= 200 && status < 300 && reachesItsEndpoint(endpoint, sweepCase)) {
      const reasons = acceptanceProblems(endpoint, raw);
      if (reasons.length > 0) problems.push(`accepted with ${status} though ${reasons.join(', ')}`);
    }
    // A logout, a login as someone else, a new token, or anything odd: put the identity
    // back for the next case (and for fast-check's shrinking).
    const mayHaveChanged =
      setCookiesOf(response).length > 0 || (status < 300 && raw.method !== 'GET');
    if (mayHaveChanged || problems.length > 0) {
      await identities[sweepCase.as].restore();
    }
    if (problems.length > 0) {
      throw new Error(
        `${problems.join('; ')}\n  as ${sweepCase.as}: ${describeRequest(raw)}\n  answer: ${preview(response)}`,
      );
    }
  };
}
