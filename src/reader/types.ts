import type { Attributes } from '@opentelemetry/api';
import type { Coverage, WindowName } from './timeline.ts';

export type { Coverage, WindowName };

/** Options of {@link WindowedReader}. */
export interface WindowedReaderOptions {
  /** Monotonic clock in milliseconds, for window arithmetic. Default `performance.now`. */
  clock?: () => number;
  /** Time between background samples, in milliseconds; 0 samples only on demand (snapshots). Default 1 000. */
  sampleIntervalMs?: number;
  /** Length of the rate window, in milliseconds. Default 60 000. */
  rateWindowMs?: number;
  /** Length of the count window, in milliseconds. Default 3 600 000. */
  countWindowMs?: number;
  /** Most series kept per instrument; further attribute sets share one overflow series. Default 1 000. */
  maxSeriesPerInstrument?: number;
  /** Time an observable callback may take per sample before the sample goes on without it, in milliseconds. Default 750. */
  collectTimeoutMs?: number;
  /** Called after each completed sample (errors are logged and ignored). Default none. */
  onSample?: () => void;
}

/** Options after defaults. */
export type ResolvedReaderOptions = Required<Omit<WindowedReaderOptions, 'onSample'>> & { onSample: (() => void) | undefined };

/** One series as the reader reports it. */
export interface SeriesView {
  /** The series' attributes. */
  readonly attributes: Attributes;
  /** Whether this is the overflow series (attribute sets beyond the cap). */
  readonly overflow: boolean;
}

/** The reader's health, for `/healthz`. */
export interface ReaderHealth {
  /** Clock time of the last completed sample, in milliseconds. */
  lastSampleAt: number;
  /** Milliseconds since the last completed sample. */
  sinceLastSampleMs: number;
  /** Background sample interval in milliseconds (0 when sampling only on demand). */
  sampleIntervalMs: number;
  /** A gap since the last sample longer than this means sampling has stalled (Infinity when sampling only on demand). */
  stallAfterMs: number;
  /** Whether the reader has been shut down. */
  shutdown: boolean;
}
