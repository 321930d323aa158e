import { uniqueName } from '../api-client';
import type { SweepKnowledge } from './arbitraries';
import type { Endpoint } from './endpoints';
import { SweepIdentity } from './identities';
import { jsonOf } from './raw-http';
import type { Identities } from './render-case';

export interface SweepWorld {
  identities: Identities;
  knowledge: SweepKnowledge;
}

const PASSWORD = 'correct horse 1';

/** Every string or number under a key named `key`, at any depth. */
function valuesUnder(value: unknown, key: string, found: Set<string>): void {
  if (typeof value !== 'object' || value === null) return;
  for (const [name, member] of Object.entries(value)) {
    if (name === key && (typeof member === 'string' || typeof member === 'number')) {
      found.add(String(member));
    }
    valuesUnder(member, key, found);
  }
}

function stringsIn(value: unknown, found: Set<string>): void {
  if (typeof value === 'string') found.add(value);
  else if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) stringsIn(member, found);
  }
}

/**
 * The three identities (the admin signed up first on the fresh database, then a
 * user, and a visitor), the data `populate` creates as the admin, and what the
 * generators need to know of the app: values
 * for each path param, harvested from what the parameterless GET endpoints list
 * (a `slug` param gets every `slug` they show), the cookie names the app sets,
 * and strings worth reusing in bodies (the sweep's own credentials among them).
 */
export async function setUpSweep(
  url: string,
  endpoints: Endpoint[],
  populate: (admin: SweepIdentity) => Promise<void>,
): Promise<SweepWorld> {
  const admin = new SweepIdentity('admin', url, {
    username: uniqueName('sweepadmin'),
    password: PASSWORD,
  });
  const user = new SweepIdentity('user', url, {
    username: uniqueName('sweepuser'),
    password: PASSWORD,
  });
  const anonymous = new SweepIdentity('anonymous', url);
  for (const identity of [admin, user, anonymous]) await identity.start();
  const me = jsonOf(await admin.call('GET', '/api/auth/me')) as { user?: { isAdmin?: boolean } };
  if (me.user?.isAdmin !== true) {
    throw new Error('The first account on a fresh database should be the admin');
  }
  await populate(admin);

  const paramNames = new Set(endpoints.flatMap((endpoint) => endpoint.pathParams));
  const paramValues = new Map([...paramNames].map((name) => [name, new Set<string>()]));
  const strings = new Set<string>(
    [admin, user].flatMap((i) => [i.credentials!.username, PASSWORD]),
  );
  for (const endpoint of endpoints) {
    if (endpoint.method !== 'GET' || endpoint.pathParams.length > 0) continue;
    const listed = jsonOf(await admin.call('GET', endpoint.template));
    for (const [name, found] of paramValues) valuesUnder(listed, name, found);
    stringsIn(listed, strings);
  }
  return {
    identities: { admin, user, anonymous },
    knowledge: {
      paramValues: Object.fromEntries([...paramValues].map(([name, found]) => [name, [...found]])),
      cookieNames: [...new Set([admin, user, anonymous].flatMap((identity) => identity.jar.names))],
      knownStrings: [...strings].slice(0, 40),
    },
  };
}
