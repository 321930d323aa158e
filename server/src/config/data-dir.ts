import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Owner-only: the folder holds password hashes, sessions and the session secret. */
const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

/** Creates the data folder, readable by its owner only, if it is missing. */
export function ensureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates the file empty and owner-only if it is missing, and takes group and other
 * access away from one that has it (earlier versions made 644 files). SQLite gives
 * its -wal and -shm files the mode of the database file, so they follow.
 */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  const { mode } = statSync(file);
  if ((mode & 0o077) !== 0) chmodSync(file, mode & 0o700);
}
