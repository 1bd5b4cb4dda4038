import { InvalidArgumentError, SourceTimeoutError } from '../errors/errors.ts';
import { checkFunction, checkNumber, checkObject } from '../errors/validate.ts';
import { ThrottledDiag } from '../diag/throttled-diag.ts';
import { createSnapshotHandler } from '../http/snapshot-handler.ts';
import type { Handler } from '../http/types.ts';
import { TurnBudget } from '../timing/turn-budget.ts';
import { withTimeout } from '../timing/with-timeout.ts';
import { isReaderSection } from '../sources/reader-sources.ts';
import { SECTIONS, type SectionName, type Source, type WindowStats } from '../sources/types.ts';
import { SectionChecker } from './check-section.ts';
import { clip, describeSourceError } from './describe-error.ts';
import { mergeNodes, mergeSections, mergeWindow, type SectionReport } from './merge.ts';
import type { AggregatorOptions, Snapshot, SourceError } from './types.ts';

/** Default time one source may take per snapshot, in milliseconds. */
export const DEFAULT_SOURCE_TIMEOUT_MS = 1_000;

interface SourceReport {
  sections: SectionReport;
  window: WindowStats | undefined;
  nodes: number | undefined;
}

/**
 * Composes sources into one Snapshot (the Go package's `New`, `Snapshot`,
 * `Handler`). Sources are queried concurrently, each within its timeout; a
 * source that throws or hangs is named in `errors` and the others are still
 * served. Concurrent `snapshot()` calls share one computation.
 */
export class Aggregator {
  readonly sources: readonly Source[];
  private readonly _timeoutMs: number;
  private readonly _wallClock: () => number;
  private readonly _onSourceError: ((error: SourceError) => void) | undefined;
  private _inFlight: Promise<Snapshot> | undefined;
  private readonly _diag = new ThrottledDiag();

  constructor(options: AggregatorOptions) {
    const o = checkObject('options', options) as Partial<AggregatorOptions>;
    if (!Array.isArray(o.sources)) throw new InvalidArgumentError('sources', 'an array of sources', o.sources);
    this.sources = Object.freeze(o.sources.map((s: Source, i: number) => checkSource(s, i)));
    this._timeoutMs = o.sourceTimeoutMs === undefined ? DEFAULT_SOURCE_TIMEOUT_MS : checkNumber('sourceTimeoutMs', o.sourceTimeoutMs, 1);
    this._wallClock = o.wallClock === undefined ? Date.now : checkFunction('wallClock', o.wallClock);
    this._onSourceError = o.onSourceError === undefined ? undefined : checkFunction('onSourceError', o.onSourceError);
  }

  /**
   * Computes the current aggregate. Never rejects: failing sources are
   * listed in `errors`. The computation starts on the next turn of the event
   * loop, so every request that arrives in the same turn shares it (a busy
   * server parses many requests per turn); each caller still gets a snapshot
   * taken after it asked.
   */
  snapshot(): Promise<Snapshot> {
    this._inFlight ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this._compute())
      .finally(() => {
        this._inFlight = undefined;
      });
    return this._inFlight;
  }

  /**
   * A plain `(req, res)` handler serving the snapshot as JSON; mount it at
   * `/parsec/metrics`. A convenience over `snapshot()`: the HTTP side lives in
   * src/http/snapshot-handler.ts, and the Aggregator itself knows no HTTP.
   */
  handler(): Handler {
    return createSnapshotHandler(() => this.snapshot());
  }

  private async _compute(): Promise<Snapshot> {
    const errors: SourceError[] = [];
    // A large computation runs over several turns, each step a block of its own (docs/architecture.md).
    const budget = new TurnBudget();
    const reports = await Promise.all(
      this.sources.map((source, i) => {
        const name = sourceName(source, i);
        return this._query(source, name, budget).catch((err: unknown) => {
          const error = { source: name, message: describeSourceError(err) };
          errors.push(error);
          this._onSourceError?.(error);
          return undefined;
        });
      }),
    );
    await budget.check();
    const ok = reports.filter((r): r is SourceReport => r !== undefined);
    const snapshot: Snapshot = {
      ...mergeSections(ok.map((r) => r.sections)),
      at: new Date(this._wallClock()).toISOString(),
    };
    const nodes = mergeNodes(ok.map((r) => r.nodes).filter((n): n is number => typeof n === 'number'));
    if (nodes !== undefined) snapshot.nodes = nodes;
    const window = mergeWindow(ok.map((r) => r.window).filter((w): w is WindowStats => w !== undefined));
    if (window !== undefined) snapshot.window = window;
    if (errors.length > 0) snapshot.errors = errors;
    return snapshot;
  }

  private async _query(source: Source, name: string, budget: TurnBudget): Promise<SourceReport> {
    const controller = new AbortController();
    const work = (async (): Promise<SourceReport> => {
      const signal = controller.signal;
      await source.refresh?.(signal);
      await budget.check();
      const sections: Record<string, unknown> = {};
      // The sections answered by a built-in adapter's own method (read once, as it is called).
      const builtIn = new Set<string>();
      // Each call in an async function of its own: one that throws at once becomes a
      // rejection like the others, and no promise is left behind unhandled.
      const ask = async (method: 'window' | 'nodes' | SectionName): Promise<unknown> => {
        const fn: unknown = source[method];
        if (fn === undefined || fn === null) return undefined;
        if (typeof fn !== 'function') throw new TypeError(`${method} is not a function`);
        if (isReaderSection(fn)) builtIn.add(method);
        return Reflect.apply(fn, source, [signal]);
      };
      const [window, nodes, ...values] = await Promise.all([ask('window'), ask('nodes'), ...SECTIONS.map(ask)]);
      await budget.check();
      // Whatever the source returned, the report has the documented types.
      const check = new SectionChecker(this._diag, name);
      SECTIONS.forEach((section, i) => {
        sections[section] = check.section(section, values[i], builtIn.has(section));
      });
      // check.section returns each section's own type, so the record is a SectionReport.
      return { sections: sections as SectionReport, window: check.window(window), nodes: check.nodes(nodes) };
    })();
    // Not unref'd: a pending snapshot must finish (with its timeout error) even
    // when nothing else keeps the process alive. A late failure after the
    // timeout is already reported; withTimeout ignores it.
    return withTimeout(work, this._timeoutMs, () => {
      const err = new SourceTimeoutError(name, this._timeoutMs);
      controller.abort(err);
      throw err;
    });
  }
}

function checkSource(source: Source, index: number): Source {
  if (source === null || typeof source !== 'object') {
    throw new InvalidArgumentError(`sources[${index}]`, 'a Source object', source);
  }
  return source;
}

/** Longest source name shown in `errors` and diagnostics. */
const MAX_SOURCE_NAME_LENGTH = 128;

/** The source's name, or `source #N` when it has none (or its `name` cannot be read). */
function sourceName(source: Source, index: number): string {
  let name: unknown;
  try {
    name = source.name;
  } catch {
    name = undefined;
  }
  return typeof name === 'string' && name !== '' ? clip(name, MAX_SOURCE_NAME_LENGTH) : `source #${index + 1}`;
}
