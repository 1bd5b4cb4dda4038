// Every relative link in the README and in docs/ leads somewhere: the file
// exists and, when the link names an anchor, the page has that heading.
import t from 'tap';
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { codeBlocks, page, pages, root } from '../helpers/docs.ts';

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-');
}

function anchors(text: string): Set<string> {
  const inCode = new Set(codeBlocks(text).flatMap((b) => b.code.split('\n')));
  return new Set(text.split('\n').filter((l) => /^#{1,6} /.test(l) && !inCode.has(l)).map((l) => slug(l.replace(/^#+ /, ''))));
}

t.test('slugs are GitHub\'s', async (t) => {
  t.equal(slug('Export to a collector (OTLP)'), 'export-to-a-collector-otlp');
  t.equal(slug('createTelemetry(options)'), 'createtelemetryoptions');
  t.equal(slug('SDK behaviour relied on'), 'sdk-behaviour-relied-on');
});

for (const { path, text } of pages()) {
  t.test(path, async (t) => {
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string).filter((l) => !/^[a-z]+:/.test(l));
    for (const link of links) {
      const [file, anchor] = link.split('#') as [string, string | undefined];
      const target = file === '' ? path : normalize(join(dirname(path), file));
      t.ok(existsSync(join(root, target)), `${link}: ${target} exists`);
      if (anchor !== undefined && target.endsWith('.md') && existsSync(join(root, target))) {
        t.ok(anchors(page(target)).has(anchor), `${link}: ${target} has a heading #${anchor}`);
      }
    }
  });
}
