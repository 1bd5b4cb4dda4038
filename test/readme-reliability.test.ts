import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');

t.test('every test the README cites as evidence exists', async (t) => {
  const cited = [...new Set([...readme.matchAll(/`(test\/[\w./-]+\.test\.ts)`/g)].map((m) => m[1] as string))];
  t.ok(cited.length > 10, `${cited.length} tests cited`);
  for (const file of cited) t.ok(existsSync(`${root}${file}`), file);
});
