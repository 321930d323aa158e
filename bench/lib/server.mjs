import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const hasTaskset = spawnSync('taskset', ['--version']).status === 0;

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Runs this process on `core` from now on (the load generator's side). */
export function pinSelf(core) {
  if (hasTaskset) spawnSync('taskset', ['-p', '-c', String(core), String(process.pid)]);
}

/**
 * Starts a server script (`node <script>`) on 127.0.0.1, pinned to `core` when
 * taskset exists, and waits until GET /api/health answers.
 */
export async function startProcess({ script, env, core, nodeArgs = [], label }) {
  const port = await freePort();
  const command = hasTaskset && core !== undefined ? 'taskset' : process.execPath;
  const args = [...nodeArgs, script];
  const fullArgs = command === 'taskset' ? ['-c', String(core), process.execPath, ...args] : args;
  const child = spawn(command, fullArgs, {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL'); // no server left running behind a failed run
      throw new Error(`${label} did not answer /api/health within 30 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // `taskset` execs node, so the child's pid is the server's.
  return {
    url,
    pid: child.pid,
    usage: () => processUsage(child.pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU seconds (user + system) and peak resident memory (MB) of a running process. */
export function processUsage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = 100; // USER_HZ on Linux
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / ticks;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds, peakRssMb: peakKb / 1024, rssMb: rssKb / 1024 };
}
