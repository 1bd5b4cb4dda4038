import { setImmediate as nextTurn } from 'node:timers/promises';

/** Milliseconds of work after which a long computation lets the event loop turn. */
export const TURN_BUDGET_MS = 4;

/**
 * Splits a long computation across turns of the event loop without slowing
 * a short one: {@link TurnBudget.check} yields (one `setImmediate`) only
 * when more than `budgetMs` went by since the budget started or last
 * yielded. A snapshot of 100 series never yields; one of 10 000 yields
 * between its steps, each a shorter block of the loop.
 */
export class TurnBudget {
  private readonly _budgetMs: number;
  private readonly _clock: () => number;
  private _since: number;

  constructor(budgetMs = TURN_BUDGET_MS, clock: () => number = () => performance.now()) {
    this._budgetMs = budgetMs;
    this._clock = clock;
    this._since = clock();
  }

  /** Yields a turn when the budget is spent; resolves at once otherwise. */
  async check(): Promise<void> {
    if (this._clock() - this._since <= this._budgetMs) return;
    await nextTurn();
    this._since = this._clock();
  }
}
