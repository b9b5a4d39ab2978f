// Prints what a first visit downloads: the JavaScript index.html loads (its entry and the chunks it
// preloads), gzipped at level 9, beside the lazily loaded chunks. Fails above the 150 KB budget.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const budget = 150 * 1024;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const first = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1) + ' KB';
let total = 0;
for (const file of first) {
  total += gz(file);
}
const lazy = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js') && !first.includes('assets/' + f));
const lazyTotal = lazy.reduce((sum, f) => sum + gz('assets/' + f), 0);
console.log(`first load: ${kb(total)} of JavaScript gzipped (${first.length} files; budget ${kb(budget)}); `
  + `${lazy.length} lazy chunks ${kb(lazyTotal)} more`);
if (total > budget) {
  console.error('bundle-size: the first load is over the budget');
  process.exit(1);
}
