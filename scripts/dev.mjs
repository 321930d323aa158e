// `npm run dev`: the Angular dev server (live reload, /api proxied) and the Nest
// server rebuilt and restarted on every change. Ctrl+C stops all three.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const children = [];

function run(label, command, args) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code) => {
    console.log(`[dev] ${label} exited (${code}); stopping`);
    stop(code ?? 1);
  });
  children.push(child);
}

function stop(code = 0) {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());
process.on('SIGHUP', () => stop());
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')));

if (!existsSync(join(root, 'dist/server/main.js'))) {
  await new Promise((resolve) =>
    spawn(bin('tsc'), ['-p', 'server/tsconfig.app.json'], { cwd: root, stdio: 'inherit' }).on(
      'exit',
      resolve,
    ),
  );
}
run('tsc', bin('tsc'), ['-p', 'server/tsconfig.app.json', '--watch', '--preserveWatchOutput']);
run('server', process.execPath, ['--watch-path=dist/server', 'dist/server/main.js']);
run('ng serve', bin('ng'), ['serve']);
