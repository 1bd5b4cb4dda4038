import type { Attributes } from '@opentelemetry/api';
import type { IAttributesProcessor } from '@opentelemetry/sdk-metrics';
import { OVERFLOW_VALUE } from '../instruments.ts';
import { sanitizeLabel } from '../record/sanitize.ts';

/**
 * An attributes processor for the views of synchronous contract
 * instruments: each listed key keeps at most `max` distinct values, and
 * further values become `_other`; values are sanitised as the recorders do
 * (control characters, length). It bounds what every reader keeps for a
 * plain-API counter under a cardinality flood: the SDK's cumulative storage
 * (behind `/metrics` and OTLP) otherwise keeps every attribute set ever seen.
 *
 * The common case (a value seen before) is one Set lookup per key and
 * returns the incoming object unchanged.
 */
export class CappedValuesProcessor implements IAttributesProcessor {
  private readonly _keys: readonly string[];
  private readonly _max: number;
  private readonly _seen = new Map<string, Set<unknown>>();

  constructor(keys: readonly string[], max: number) {
    this._keys = keys;
    this._max = max;
    for (const key of keys) this._seen.set(key, new Set());
  }

  process = (incoming: Attributes): Attributes => {
    let out = incoming;
    for (const key of this._keys) {
      const value = incoming[key];
      if (value === undefined) continue;
      const seen = this._seen.get(key) as Set<unknown>;
      if (seen.has(value)) continue;
      const label = sanitizeLabel(key, value);
      let replacement: string;
      if (label === value && seen.size < this._max) {
        seen.add(value);
        continue;
      } else if (seen.has(label) || seen.size < this._max) {
        seen.add(label);
        replacement = label;
      } else {
        replacement = OVERFLOW_VALUE;
      }
      if (out === incoming) out = { ...incoming };
      out[key] = replacement;
    }
    return out;
  };
}
