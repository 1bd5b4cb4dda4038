/**
 * `node src/dashboard/write-app-script.ts <file>`: writes the linked
 * dashboard script (src/dashboard/app-script.ts) to `<file>`. The build
 * (package.json `build`) writes dist/dashboard/app.js with it, where the
 * built src/dashboard/app-script.ts reads it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { appScript } from './app-script.ts';

/** Writes the dashboard script to `file`, creating its folder. */
export function writeAppScript(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, appScript());
}

if (import.meta.main) {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: node src/dashboard/write-app-script.ts <file>');
  writeAppScript(file);
}
