// The project's documents, for the tests that keep them true: the README and
// every page under docs/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** Path (from the repository root) and text of the README and each page of docs/. */
export function pages(): { path: string; text: string }[] {
  const paths = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
  return paths.map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

/** The text of one page. */
export function page(path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

/** The fenced code blocks of a page with their info string, and the line each starts on. */
export function codeBlocks(text: string): { lang: string; code: string; line: number }[] {
  const blocks: { lang: string; code: string; line: number }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i] as string);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).startsWith('```'); i++) body.push(lines[i] as string);
    blocks.push({ lang: open[1] as string, code: body.join('\n'), line: start + 1 });
  }
  return blocks;
}
