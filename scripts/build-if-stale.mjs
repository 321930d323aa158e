// Builds the client and the server when their output is missing or older than
// their sources, so that `npm start` is one command on a fresh clone and quick after.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** Newest modification time (ms) of a file or of anything below a folder. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

function age(output) {
  return existsSync(output) ? statSync(output).mtimeMs : -Infinity;
}

const targets = [
  {
    name: 'client',
    output: 'dist/client/browser/index.html',
    // build:client also writes the .gz/.br files (precompress.mjs) the server sends.
    sources: [
      'client',
      'angular.json',
      'tsconfig.json',
      '.postcssrc.json',
      'package-lock.json',
      'scripts/precompress.mjs',
    ],
    script: 'build:client',
  },
  {
    name: 'server',
    output: 'dist/server/main.js',
    sources: ['server/src', 'server/tsconfig.app.json', 'tsconfig.json', 'package-lock.json'],
    script: 'build:server',
  },
];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const target of targets) {
  const sourceTime = Math.max(...target.sources.map((source) => newest(join(root, source))));
  if (age(join(root, target.output)) >= sourceTime) {
    console.log(`${target.name}: up to date`);
    continue;
  }
  console.log(`${target.name}: building…`);
  execFileSync(npm, ['run', '--silent', target.script], { cwd: root, stdio: 'inherit' });
}
