import { TOKENS_EXPIRED, TOKENS_ISSUED, TOKENS_REVOKED } from '../instruments.ts';
import { ReaderSource } from './reader-source.ts';
import { tokensSection } from './sections.ts';
import type { TokenStats } from './types.ts';

/**
 * Reports the token section: issued and revoked over the count window, and
 * active = issued − revoked − expired over the reader's lifetime, never below 0.
 */
export class TokenSource extends ReaderSource {
  readonly name = 'tokens';

  tokens(): TokenStats | undefined {
    const r = this.reader;
    if (!r.has(TOKENS_ISSUED.name) && !r.has(TOKENS_REVOKED.name) && !r.has(TOKENS_EXPIRED.name)) return undefined;
    return tokensSection(
      r.increase(TOKENS_ISSUED.name, 'count'),
      r.increase(TOKENS_REVOKED.name, 'count'),
      r.total(TOKENS_ISSUED.name),
      r.total(TOKENS_REVOKED.name),
      r.total(TOKENS_EXPIRED.name),
    );
  }
}
