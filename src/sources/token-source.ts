import { TOKENS_ACTIVE, TOKENS_EXPIRED, TOKENS_ISSUED, TOKENS_REVOKED } from '../instruments.ts';
import type { WindowedReader } from '../reader/windowed-reader.ts';
import { ReaderSource } from './reader-source.ts';
import { computeRemembered } from './section-memo.ts';
import { tokensSection } from './sections.ts';
import type { TokenStats } from './types.ts';

/**
 * Reports the token section: issued and revoked over the count window, and
 * active: the live count a token broker reports as `parsec.tokens.active`
 * when it was reported at the last sample, else issued − revoked − expired
 * over the reader's lifetime (which knows nothing of tokens issued before
 * the reader started), never below 0.
 */
export class TokenSource extends ReaderSource {
  readonly name = 'tokens';

  tokens(): TokenStats | undefined {
    // Module functions only, no method of `this`: see isReaderSection (src/sources/reader-sources.ts).
    return computeRemembered(this.reader, 'tokens', tokensOf);
  }
}

function tokensOf(r: WindowedReader): TokenStats | undefined {
  const reported = r.has(TOKENS_ACTIVE.name);
  if (!reported && !r.has(TOKENS_ISSUED.name) && !r.has(TOKENS_REVOKED.name) && !r.has(TOKENS_EXPIRED.name)) return undefined;
  return tokensSection(
    r.increase(TOKENS_ISSUED.name, 'count'),
    r.increase(TOKENS_REVOKED.name, 'count'),
    r.total(TOKENS_ISSUED.name),
    r.total(TOKENS_REVOKED.name),
    r.total(TOKENS_EXPIRED.name),
    reported ? r.gauge(TOKENS_ACTIVE.name) : undefined,
  );
}
