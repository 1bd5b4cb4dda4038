import { createRequire } from 'node:module';

/** Version of this package (from its package.json), reported as the meters' scope version. */
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
