// No file in src/ grows past 300 lines without saying why: a longer file
// states its reason in a header comment that starts with "Longer than 300
// lines:". Small files named after what they export are what keeps the
// code easy to find one's way in.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from '../helpers/docs.ts';

const MAX_LINES = 300;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

t.test(`every file in src/ is at most ${MAX_LINES} lines, or says why in its header`, async (t) => {
  const files = sources(join(root, 'src'));
  t.ok(files.length > 50, `${files.length} files`);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const header = text.slice(0, 600);
    t.ok(lines <= MAX_LINES || /Longer than 300 lines:/.test(header), `${relative(root, file)}: ${lines} lines`);
  }
});
