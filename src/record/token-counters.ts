import type { Meter } from '@opentelemetry/api';
import type { Cell } from './label-cells.ts';
import { recordersFor } from './meter-recorders.ts';
import { tokenRecorder } from './token-recorder.ts';
import { countDropper, isValidCount } from './sanitize.ts';

const dropIssued = countDropper('tokens issued');
const dropRevoked = countDropper('tokens revoked');
const dropExpired = countDropper('tokens expired');

/**
 * Counts token broker events as `parsec.tokens.issued`, `.revoked` and
 * `.expired`. Each call is one add on a shared cell; every TokenCounters on
 * the same meter shares them.
 */
export class TokenCounters {
  private readonly _issued: Cell;
  private readonly _revoked: Cell;
  private readonly _expired: Cell;

  constructor(meter: Meter) {
    const cells = tokenRecorder(recordersFor(meter));
    this._issued = cells.issued;
    this._revoked = cells.revoked;
    this._expired = cells.expired;
  }

  /** Records `count` tokens (default 1) issued. */
  issued(count = 1): void {
    if (isValidCount(count)) this._issued.value += count;
    else dropIssued(count);
  }

  /** Records `count` tokens (default 1) revoked before their expiry. */
  revoked(count = 1): void {
    if (isValidCount(count)) this._revoked.value += count;
    else dropRevoked(count);
  }

  /** Records `count` tokens (default 1) that expired. */
  expired(count = 1): void {
    if (isValidCount(count)) this._expired.value += count;
    else dropExpired(count);
  }
}
