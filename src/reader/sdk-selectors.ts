import { AggregationTemporality, InstrumentType } from '@opentelemetry/sdk-metrics';

/**
 * Temporality per instrument type. Counters are read as deltas (the
 * increase since the last sample, with the SDK turning a cumulative
 * observation that went down into a new run). Observable gauges and
 * observable up-down counters are read as deltas too, so an attribute set
 * that is no longer observed disappears instead of repeating its last
 * value forever; synchronous gauges and up-down counters are cumulative,
 * since their last value stands until changed.
 */
export function temporalityFor(type: InstrumentType): AggregationTemporality {
  return type === InstrumentType.GAUGE || type === InstrumentType.UP_DOWN_COUNTER
    ? AggregationTemporality.CUMULATIVE
    : AggregationTemporality.DELTA;
}

/** How many observable attribute sets the SDK tracks per series cap, see {@link cardinalityLimit}. */
export const OBSERVABLE_CARDINALITY_FACTOR = 10;

/**
 * The SDK's per-reader cardinality limit. For synchronous instruments it is
 * our own cap (+1 for the SDK's overflow set), so a flood costs the SDK no
 * more than it costs us. For observable instruments it is 10× the cap: the
 * SDK turns their cumulative observations into deltas per attribute set,
 * and past its limit it diffs unrelated sets against each other (wrong
 * counts), so our own cap must be the one that overflows.
 */
export function cardinalityLimit(type: InstrumentType, cap: number): number {
  const observable = type === InstrumentType.OBSERVABLE_COUNTER || type === InstrumentType.OBSERVABLE_GAUGE || type === InstrumentType.OBSERVABLE_UP_DOWN_COUNTER;
  return observable ? cap * OBSERVABLE_CARDINALITY_FACTOR + 1 : cap + 1;
}
