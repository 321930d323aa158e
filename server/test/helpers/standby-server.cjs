// A production server held in reserve: `node -r swc-register.cjs standby-server.cjs`
// compiles and loads the server's modules (what makes a start take seconds), then
// waits for a line on stdin before running server/src/main.ts, which opens the
// database and listens. A test that kills its server can so start the next one on
// the same data at once, as a supervisor restarting a crashed process would, and
// never has two of them open the database. Without a line (stdin closed), it exits.
const { resolve } = require('node:path');

const src = resolve(__dirname, '../../src');
// main.ts's own imports: loading them runs nothing.
require(resolve(src, 'app.module.ts'));
require(resolve(src, 'config/app-config.ts'));
require(resolve(src, 'configure-app.ts'));
require(resolve(src, 'http/http-server.ts'));

process.stdin.setEncoding('utf8');
let input = '';
function onData(chunk) {
  input += chunk;
  if (!input.includes('\n')) return;
  process.stdin.off('data', onData);
  process.stdin.off('end', onEnd);
  process.stdin.pause();
  process.stdin.unref?.();
  require(resolve(src, 'main.ts'));
}
function onEnd() {
  process.exit(0);
}
process.stdin.on('data', onData);
process.stdin.on('end', onEnd);
process.stdout.write('standby: ready\n');
