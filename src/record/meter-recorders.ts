import type { Meter, Observable, ObservableResult } from '@opentelemetry/api';
import { describeError } from '../diag/describe-value.ts';
import { recorderDiag } from '../diag/throttled-diag.ts';
import { InvalidArgumentError } from '../errors/errors.ts';
import type { InstrumentSpec } from '../instruments.ts';
import { activeCellSink, type CellSink } from './cell-handoff.ts';
import type { Cell } from './label-cells.ts';
import { isValidReading } from './sanitize.ts';

/**
 * What every recorder family shares: the per-meter state (one
 * {@link MeterRecorders} per Meter, in a WeakMap), the provider registry
 * that numbers providers for their diagnostics, the throttled failure
 * diagnostic, and the sum of providers' readings. The families live beside
 * it, one module each: src/record/envelope-recorder.ts,
 * token-recorder.ts, cache-recorder.ts, channel-recorder.ts,
 * presence-recorder.ts and history-recorder.ts.
 */

/** Default cap on distinct aspects (and channel patterns, cache backends) per meter. */
export const DEFAULT_MAX_LABELS = 1000;

/** A registered provider: what a family calls at collection time, numbered for its diagnostics. */
export interface Provider<T> {
  readonly id: number;
  readonly read: () => T;
}

let nextProviderId = 1;

/**
 * The providers of one family on one meter, each with an id unique in the
 * process (diagnostics name a provider by it: `cache statter #3`).
 */
export class ProviderRegistry<P extends { readonly id: number }> implements Iterable<P> {
  private readonly _providers = new Set<P>();

  /** Registers the provider `make` builds with a fresh id; returns its removal (idempotent). */
  register(make: (id: number) => P): { provider: P; remove: () => void } {
    const provider = make(nextProviderId++);
    this._providers.add(provider);
    return { provider, remove: () => void this._providers.delete(provider) };
  }

  [Symbol.iterator](): Iterator<P> {
    return this._providers[Symbol.iterator]();
  }
}

/**
 * Everything the recorders keep for one Meter. Two recorders of the same
 * kind on one meter share state and instruments, so their counts add up
 * instead of overwriting each other (an observable instrument keeps one
 * value per attribute set and callback round). Each family keeps its state
 * under its own key, created with its instruments on first use.
 */
export class MeterRecorders {
  readonly meter: Meter;
  private readonly _families = new Map<symbol, unknown>();

  /**
   * Observe only the cells that changed since the last observation. Sound
   * only when one SDK storage serves every reader of this meter (the views
   * of createTelemetry make it so; it sets this flag): an unobserved set then
   * keeps its cumulative total in every cumulative reader and adds 0 to the
   * delta one, while a sample of 10 000 idle series costs next to nothing.
   * With one storage per reader a reader could miss a change another
   * reader's collection took, so the default observes every cell.
   */
  reportChangesOnly = false;

  /** The one sink that keeps increases of this meter's cells (the first to ask: a cell keeps one `read` value). */
  private _sink: CellSink | undefined;

  constructor(meter: Meter) {
    this.meter = meter;
  }

  /** The state of the family `key` on this meter, made by `create` on first use. */
  family<T>(key: symbol, create: (recorders: MeterRecorders) => T): T {
    if (this._families.has(key)) return this._families.get(key) as T;
    const state = create(this);
    this._families.set(key, state);
    return state;
  }

  /** Observes a cell's cumulative value (skipped when unchanged under {@link reportChangesOnly}). */
  report(result: ObservableResult, cell: Cell): void {
    if (this.reportChangesOnly && cell.value === cell.reported) return;
    cell.reported = cell.value;
    result.observe(cell.value, cell.attributes);
  }

  /**
   * Reports the cells of the observable counter `spec`: handed over whole
   * to the collection's cell sink when there is one that takes them
   * (src/record/cell-handoff.ts: a sink that keeps increases must be this
   * meter's first), else observed one by one ({@link report}).
   */
  reportCells(result: ObservableResult, spec: InstrumentSpec, cells: Iterable<Cell>): void {
    const sink = activeCellSink();
    if (sink !== undefined && (sink.reads === 'totals' || (this._sink ??= sink) === sink) && sink.counterCells(spec, cells, this.meter)) return;
    for (const cell of cells) this.report(result, cell);
  }

  /** Creates the observable counter or gauge of `spec` on this meter. */
  observable(kind: 'counter' | 'gauge', spec: InstrumentSpec): Observable {
    const options = { description: spec.description, unit: spec.unit };
    return kind === 'counter'
      ? this.meter.createObservableCounter(spec.name, options)
      : this.meter.createObservableGauge(spec.name, options);
  }
}

/** Logs a provider's failure: at most once a minute per provider. */
export function providerFailed(what: string, id: number, err: unknown): void {
  recorderDiag.warn(`failed:${what}:${id}`, () => `${what} #${id} failed: ${describeError(err)} (skipped this collection; logged at most once a minute)`);
}

/**
 * Sums the given fields over every provider's reading (a provider that
 * throws is skipped, an invalid field ignored, each with a diagnostic);
 * undefined when no provider gave a reading.
 */
export function sumReadings<K extends string>(what: string, providers: Iterable<Provider<unknown>>, keys: readonly K[]): Record<K, number> | undefined {
  const sum = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  let any = false;
  for (const p of providers) {
    try {
      if (addFields(`${what} reading`, p.id, sum, p.read(), keys)) any = true;
    } catch (err) {
      providerFailed(`${what} reader`, p.id, err);
    }
  }
  return any ? sum : undefined;
}

function addFields<K extends string>(what: string, id: number, sum: Record<K, number>, reading: unknown, keys: readonly K[]): boolean {
  if (reading === null || typeof reading !== 'object') {
    providerFailed(what, id, new TypeError('reader did not return an object'));
    return false;
  }
  const r = reading as Record<K, unknown>;
  const values: unknown[] = keys.map((k) => r[k]); // may throw (a hostile reading): then nothing of it is added
  const bad: string[] = [];
  keys.forEach((k, i) => {
    const v = values[i];
    if (isValidReading(v)) sum[k] += v;
    else bad.push(k);
  });
  if (bad.length > 0) recorderDiag.warn(`reading:${what}:${id}`, () => `${what} #${id}: ignored invalid ${bad.join(', ')} (must be finite numbers >= 0)`);
  return true;
}

const registries = new WeakMap<Meter, MeterRecorders>();

/** The shared recorder state of a meter. Throws at setup when `meter` is not an OTel Meter. */
export function recordersFor(meter: Meter): MeterRecorders {
  if (!isMeter(meter)) throw new InvalidArgumentError('meter', 'an OpenTelemetry Meter', meter);
  let r = registries.get(meter);
  if (r === undefined) {
    r = new MeterRecorders(meter);
    registries.set(meter, r);
  }
  return r;
}

function isMeter(meter: unknown): meter is Meter {
  if (meter === null || typeof meter !== 'object') return false;
  try {
    return typeof (meter as Partial<Meter>).createObservableCounter === 'function';
  } catch {
    return false; // a revoked proxy, or a getter that throws
  }
}
