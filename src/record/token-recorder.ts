import type { Attributes } from '@opentelemetry/api';
import { TOKENS_ACTIVE, TOKENS_EXPIRED, TOKENS_ISSUED, TOKENS_REVOKED } from '../instruments.ts';
import type { Cell } from './label-cells.ts';
import { ProviderRegistry, sumReadings, type MeterRecorders, type Provider } from './meter-recorders.ts';
import type { TokenReading } from './types.ts';

/** The cells of the three token counters. */
export interface TokenCells {
  readonly issued: Cell;
  readonly revoked: Cell;
  readonly expired: Cell;
}

const TOKEN_CELLS = Symbol('token cells');
const ACTIVE_TOKENS = Symbol('active tokens');

/** The token cells of a meter, creating the three token counters on first use. */
export function tokenRecorder(recorders: MeterRecorders): TokenCells {
  return recorders.family(TOKEN_CELLS, (r) => {
    const attributes: Attributes = Object.freeze({});
    const tokens = {
      issued: { value: 0, reported: -1, read: -1, row: -1, attributes },
      revoked: { value: 0, reported: -1, read: -1, row: -1, attributes },
      expired: { value: 0, reported: -1, read: -1, row: -1, attributes },
    };
    for (const [spec, cell] of [[TOKENS_ISSUED, tokens.issued], [TOKENS_REVOKED, tokens.revoked], [TOKENS_EXPIRED, tokens.expired]] as const) {
      const cells = [cell];
      r.observable('counter', spec).addCallback((result) => r.reportCells(result, spec, cells));
    }
    return tokens;
  });
}

/** Adds a reader of live tokens to `parsec.tokens.active` (created on first use); returns its removal. */
export function addActiveTokensRecorder(recorders: MeterRecorders, read: () => TokenReading): () => void {
  const providers = recorders.family(ACTIVE_TOKENS, (r) => {
    const registry = new ProviderRegistry<Provider<TokenReading>>();
    r.observable('gauge', TOKENS_ACTIVE).addCallback((result) => {
      const sum = sumReadings('token', registry, ['active']);
      if (sum !== undefined) result.observe(sum.active);
    });
    return registry;
  });
  return providers.register((id) => ({ id, read })).remove;
}
