import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pages, root } from '../helpers/docs.ts';

t.test('every test the documents cite as evidence exists', async (t) => {
  const all = pages();
  const cited = [...new Set(all.flatMap(({ text }) => [...text.matchAll(/`(test\/[\w./-]+\.test\.ts)`/g)].map((m) => m[1] as string)))];
  t.ok(cited.length > 10, `${cited.length} tests cited`);
  for (const file of cited) t.ok(existsSync(join(root, file)), file);
});
