import type { RedisInfoDetail } from './parse-info.ts';
import type { RedisCacheReading } from './types.ts';

interface Last {
  readonly runId: string | undefined;
  readonly commandsProcessed: number | undefined;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
}

/**
 * Joins the runs of Redis' statistics into counters that never go down.
 * Redis' hits, misses and evictions restart from 0 when the server restarts
 * (its `run_id` changes) and on `CONFIG RESETSTAT` (`total_commands_processed`,
 * which grows with every command, INFO included, goes down; or a counter
 * does). On a reset the last values of the old run are carried over and
 * the new run is added to them, so a reset is seen even when the new run
 * has already counted more than the old one had (which a counter going
 * down alone would miss). What happened between the last reading and the
 * reset is not seen.
 */
export class RedisRuns {
  private _last: Last | undefined;
  private readonly _carried = { hits: 0, misses: 0, evictions: 0 };

  /** The reading with its counters continued across resets. */
  continue(detail: RedisInfoDetail): RedisCacheReading {
    const r = detail.reading;
    const last = this._last;
    if (last !== undefined && isReset(last, detail)) {
      this._carried.hits += last.hits;
      this._carried.misses += last.misses;
      this._carried.evictions += last.evictions;
    }
    this._last = { runId: detail.runId, commandsProcessed: detail.commandsProcessed, hits: r.hits, misses: r.misses, evictions: r.evictions };
    return {
      hits: this._carried.hits + r.hits,
      misses: this._carried.misses + r.misses,
      evictions: this._carried.evictions + r.evictions,
      sizeBytes: r.sizeBytes,
      entries: r.entries,
    };
  }
}

function isReset(last: Last, now: RedisInfoDetail): boolean {
  const r = now.reading;
  return (
    now.runId !== last.runId ||
    (now.commandsProcessed ?? Number.POSITIVE_INFINITY) < (last.commandsProcessed ?? 0) ||
    r.hits < last.hits ||
    r.misses < last.misses ||
    r.evictions < last.evictions
  );
}
