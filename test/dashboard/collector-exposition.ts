/**
 * The Prometheus text the OpenTelemetry Collector's `prometheus` exporter
 * would serve for our metrics, derived from our own `/metrics` output.
 *
 * Our exporter (`@opentelemetry/exporter-prometheus`) adds no unit suffix:
 * `parsec_cache_size`. The Collector's adds one from the OTLP unit, by its
 * documented naming rules (Prometheus compatibility of OTLP metric names):
 * `By` → `_bytes`, `s` → `_seconds`, `1` on a gauge → `_ratio`, a `{...}` annotation adds
 * nothing, and counters keep `_total` after the unit (`_bytes_total`). The
 * rules are written here on their own, not taken from src/cluster/promql.ts,
 * so that a test comparing the two checks something.
 *
 * Only the names change: the labels a Collector sets (`job`/`instance` from
 * the resource) are the scraping Prometheus' business in the tests, where
 * each form is one scrape target.
 */
import { INSTRUMENTS, SELF_INSTRUMENTS, type InstrumentSpec } from '../../src/instruments.ts';

/** The unit suffixes of the Collector's naming rules that apply to our units. */
const UNIT_WORDS: Readonly<Record<string, string>> = { By: 'bytes', s: 'seconds' };

/** The name our exporter gives an instrument: dots become underscores, counters end in `_total`. */
export function directName(spec: InstrumentSpec): string {
  return spec.name.replace(/\./g, '_') + (spec.kind === 'counter' ? '_total' : '');
}

/** The name the Collector's Prometheus exporter gives it. */
export function collectorName(spec: InstrumentSpec): string {
  let name = spec.name.replace(/\./g, '_');
  const word = spec.unit.startsWith('{') ? undefined : UNIT_WORDS[spec.unit];
  if (word !== undefined) name += `_${word}`;
  if (spec.unit === '1' && spec.kind === 'gauge') name += '_ratio';
  return name + (spec.kind === 'counter' ? '_total' : '');
}

const RENAMES = new Map([...INSTRUMENTS, ...SELF_INSTRUMENTS].map((spec) => [directName(spec), collectorName(spec)]));

/** Rewrites every metric name of a Prometheus text exposition from our form to the Collector's. */
export function toCollectorForm(text: string): string {
  return text.replace(/^(# (?:HELP|TYPE) )?([a-zA-Z_:][\w:]*)/gm, (whole, comment: string | undefined, name: string) => {
    const renamed = RENAMES.get(name);
    return renamed === undefined ? whole : `${comment ?? ''}${renamed}`;
  });
}
