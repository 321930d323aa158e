import { ChatApi, PASSWORD } from './helpers/api';
import { startClusterServer } from './helpers/cluster';
import { startServer } from './helpers/server';

/**
 * Starts the production server on the port the config picked, with a fresh data folder
 * (or, with E2E_CLUSTER set, two of them on PostgreSQL and Redis behind nginx),
 * and creates the admin: on a fresh database the first account becomes the admin, so it is
 * made here, before any test signs anyone up. Its credentials reach the tests (workers
 * inherit the environment) as E2E_ADMIN_USERNAME and E2E_ADMIN_PASSWORD.
 *
 * Returns the teardown: stop the server and delete its data folder.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const port = Number(process.env.E2E_PORT);
  // The cluster run: the same suite through nginx in front of two instances.
  const server = process.env.E2E_CLUSTER
    ? await startClusterServer(port)
    : await startServer({ port });
  try {
    const credentials = { username: 'admin', password: PASSWORD };
    const admin = await ChatApi.signUp(server.url, credentials);
    await admin.dispose();
    if (!admin.user.isAdmin) throw new Error('The first account did not become the admin');
    process.env.E2E_ADMIN_USERNAME = credentials.username;
    process.env.E2E_ADMIN_PASSWORD = credentials.password;
  } catch (error) {
    await server.dispose();
    throw error;
  }
  return () => server.dispose();
}
