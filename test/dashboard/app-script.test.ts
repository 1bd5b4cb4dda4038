import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_DIR, APP_ENTRY, appScript, appScriptFor, BUILT_SCRIPT } from '../../src/dashboard/app-script.ts';
import { linkScript } from '../../src/dashboard/link-script.ts';

t.test('from the sources: linked from src/dashboard/app/, once', async (t) => {
  const script = appScript();
  t.equal(appScript(), script, 'the same string every call');
  const fromSources = linkScript(new URL(`../../src/dashboard/${APP_DIR}`, import.meta.url), APP_ENTRY, '//');
  t.equal(script.slice(script.indexOf('\n')), fromSources.slice(fromSources.indexOf('\n')), 'the linked app, under a banner');
  t.match(script, /^\/\/ parsec-telemetry dashboard: linked from src\/dashboard\/app\//);
});

t.test('from a build: the app.js the build wrote beside the module', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parsec-built-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, BUILT_SCRIPT), '/* built */');
  t.equal(appScriptFor(pathToFileURL(join(dir, 'app-script.js')).href), '/* built */');
  t.throws(() => appScriptFor(pathToFileURL(join(dir, 'nested/app-script.js')).href), { code: 'ENOENT' }, 'a build without the script fails loudly');
});
