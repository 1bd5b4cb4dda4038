import type { TokenCounters } from '../record/token-counters.ts';

/**
 * Issues tokens that live `ttlMs`, revokes some before their expiry and
 * expires the rest, recording each event on a TokenCounters. Each token has
 * an owner (whatever the caller passes), handed back when it expires.
 *
 * All tokens share one TTL, so expiry times come in issue order: a FIFO
 * queue replaces a heap. Memory is bounded by the tokens alive.
 */
export class TokenBroker<Owner> {
  /** Lifetime of a token, in milliseconds. */
  readonly ttlMs: number;
  private readonly _counters: TokenCounters;
  private readonly _live = new Map<number, Owner>();
  private _queueIds: number[] = [];
  private _queueExpiries: number[] = [];
  private _head = 0;
  private _nextId = 1;

  constructor(counters: TokenCounters, ttlMs: number) {
    this._counters = counters;
    this.ttlMs = ttlMs;
  }

  /** Tokens issued and neither revoked nor expired. */
  get activeCount(): number {
    return this._live.size;
  }

  /** Issues a token for `owner` at `nowMs`; returns its id. */
  issue(nowMs: number, owner: Owner): number {
    const id = this._nextId++;
    this._live.set(id, owner);
    this._queueIds.push(id);
    this._queueExpiries.push(nowMs + this.ttlMs);
    this._counters.issued();
    return id;
  }

  /** Revokes a live token; returns false (and records nothing) when it is no longer alive. */
  revoke(id: number): boolean {
    if (!this._live.delete(id)) return false;
    this._counters.revoked();
    return true;
  }

  /** Expires every live token whose expiry is at or before `nowMs`, calling `onExpired` for each. Returns how many expired. */
  expire(nowMs: number, onExpired: (id: number, owner: Owner) => void): number {
    let expired = 0;
    while (this._head < this._queueIds.length && (this._queueExpiries[this._head] as number) <= nowMs) {
      const id = this._queueIds[this._head++] as number;
      const owner = this._live.get(id) as Owner;
      if (!this._live.delete(id)) continue; // revoked earlier
      this._counters.expired();
      expired++;
      onExpired(id, owner);
    }
    if (this._head > 1024 && this._head * 2 > this._queueIds.length) {
      this._queueIds = this._queueIds.slice(this._head);
      this._queueExpiries = this._queueExpiries.slice(this._head);
      this._head = 0;
    }
    return expired;
  }
}
