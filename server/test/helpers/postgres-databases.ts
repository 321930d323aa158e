import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { Client } from 'pg';

/**
 * The session secret of the apps on a data folder's database: the same for all of
 * them (instances, restarts), as a deployment's is, and another for another folder,
 * as another installation's would be.
 */
export function sessionSecretFor(dataDir: string): string {
  return createHash('sha256').update(`test-secret:${dataDir}`).digest('base64url');
}

/**
 * The PostgreSQL database that stands for a data folder: one per test app, named
 * after its folder so that an app restarted on the same folder finds its data.
 */
export function postgresUrlFor(dataDir: string): string {
  const server = new URL(requiredServerUrl());
  server.pathname = `/${databaseNameFor(dataDir)}`;
  return server.toString();
}

export async function createPostgresDatabase(dataDir: string): Promise<void> {
  await onServer(async (client) => {
    try {
      await client.query(`CREATE DATABASE "${databaseNameFor(dataDir)}"`);
    } catch (error) {
      // 42P04: it exists (an app restarted on the same data folder).
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
  });
}

export async function dropPostgresDatabase(dataDir: string): Promise<void> {
  await onServer((client) =>
    client.query(`DROP DATABASE IF EXISTS "${databaseNameFor(dataDir)}" WITH (FORCE)`),
  );
}

function databaseNameFor(dataDir: string): string {
  return `chat_${basename(dataDir).replace(/\W/g, '_')}`.toLowerCase().slice(0, 63);
}

function requiredServerUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('TEST_POSTGRES_URL is not set');
  return url;
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: requiredServerUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
