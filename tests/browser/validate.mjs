// The HTML checker (the W3C Nu Html Checker, npm vnu-jar) over every page
// the browser tests were sent, kept in build/browser-html/ by lib.mjs: one
// Java start for all of them. Fails with each error: the page's address,
// line, column, message and the markup around it.
//
//   node tests/browser/validate.mjs     (make test-browser runs it last)
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = `${ROOT}build/browser-html`;
const VNU = `${ROOT}node_modules/vnu-jar/build/dist/vnu.jar`;

const files = existsSync(DIR) ? readdirSync(DIR).filter(f => f.endsWith('.html')).sort().map(f => `${DIR}/${f}`) : [];
if (!files.length) {
  console.error('validate: no pages were kept: run the browser tests first');
  process.exit(1);
}
const run = spawnSync('java', ['-Xss4m', '-jar', VNU, '--errors-only', '--format', 'json', '--stdout', ...files],
  { encoding: 'utf8', maxBuffer: 64 << 20 });
if (run.error) { console.error(`validate: cannot run java: ${run.error.message}`); process.exit(1); }
let messages;
try {
  messages = JSON.parse(run.stdout).messages;
} catch {
  console.error(`validate: the checker did not answer in JSON (status ${run.status}):\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}
const errors = messages.filter(m => m.type === 'error' || m.type === 'non-document-error');
const urlOf = file => {
  const f = decodeURIComponent(file.replace(/^file:/, ''));
  return existsSync(`${f}.url`) ? readFileSync(`${f}.url`, 'utf8') : f;
};
const pages = new Set(errors.map(e => e.url));
for (const e of errors) {
  console.error(`${urlOf(e.url)} (${e.url.replace(/^.*\//, '')}) line ${e.lastLine ?? '?'}, column ${e.firstColumn ?? e.lastColumn ?? '?'}: ${e.message}` +
    (e.extract ? `\n    ${e.extract.replace(/\n/g, '⏎')}` : ''));
}
console.log(`validate: ${files.length} page(s) checked, ${errors.length} error(s) on ${pages.size} page(s)`);
process.exit(errors.length ? 1 : 0);
