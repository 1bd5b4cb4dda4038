/**
 * The dashboard's browser script, `/parsec/dashboard/app.js`, computed once.
 *
 * From the sources (`npm start`, the tests) it is linked from the
 * TypeScript in ./app/ at first use (src/dashboard/link-script.ts); from
 * the package (dist/) it is the file the build linked the same way
 * (`npm run build` runs src/dashboard/write-app-script.ts), so an installed
 * package strips no types at run time.
 */
import { readFileSync } from 'node:fs';
import { linkScript } from './link-script.ts';

/** The browser app's folder, relative to this folder. */
export const APP_DIR = './app/';

/** The browser app's entry file, relative to {@link APP_DIR}. */
export const APP_ENTRY = 'page/main.ts';

/** Where the build writes the linked script, relative to this folder in dist/. */
export const BUILT_SCRIPT = './app.js';

const BANNER = '// parsec-telemetry dashboard: linked from src/dashboard/app/ by src/dashboard/link-script.ts';

/** The script for the module at `moduleUrl`: linked from ./app/ beside a `.ts` module, read from ./app.js beside a built one. */
export function appScriptFor(moduleUrl: string): string {
  if (moduleUrl.endsWith('.ts')) return linkScript(new URL(APP_DIR, moduleUrl), APP_ENTRY, BANNER);
  return readFileSync(new URL(BUILT_SCRIPT, moduleUrl), 'utf8');
}

let script: string | undefined;

/** The dashboard script of this copy of the package (computed at the first call). */
export function appScript(): string {
  script ??= appScriptFor(import.meta.url);
  return script;
}
