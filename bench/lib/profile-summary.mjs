// Summarises a V8 .cpuprofile (node --cpu-prof): where the server's time went,
// by package or project folder, and the top functions by self time.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map();
const interval = (profile.endTime - profile.startTime) / profile.samples.length / 1000;
for (const id of profile.samples) selfMs.set(id, (selfMs.get(id) ?? 0) + interval);

function area(url) {
  if (!url) return '(native / idle / gc)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const project = /dist\/server\/([^/]+)/.exec(url);
  if (project) return `project: ${project[1]}`;
  if (url.startsWith('node:')) return url.split('/')[0];
  return url;
}

const areas = new Map();
const functions = new Map();
let total = 0;
for (const [id, ms] of selfMs) {
  const node = byId.get(id);
  const { functionName, url, lineNumber } = node.callFrame;
  const key = area(url);
  areas.set(key, (areas.get(key) ?? 0) + ms);
  const name = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + ms);
  total += ms;
}
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`total sampled: ${(total / 1000).toFixed(1)} s`);
console.log('\nself time by area:');
for (const [key, ms] of top(areas, 25))
  console.log(`  ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
console.log('\ntop functions by self time:');
for (const [key, ms] of top(functions, 30))
  console.log(`  ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
