import { ATTR_CHANNEL_PATTERN, CHANNELS_ACTIVE, OVERFLOW_VALUE } from '../instruments.ts';
import { ProviderRegistry, providerFailed, type MeterRecorders, type Provider } from './meter-recorders.ts';
import { keepable, rawKey, sanitizeLabel } from './sanitize.ts';
import type { ChannelLister } from './types.ts';

type ListerProvider = Provider<readonly { pattern: unknown }[]>;

interface ChannelPatterns {
  readonly max: number;
  /** Raw pattern (a string of at most 128 characters) → its label. */
  readonly known: Map<string, string>;
  readonly listers: ProviderRegistry<ListerProvider>;
}

const CHANNELS = Symbol('channels');

/**
 * Adds a channel lister to `parsec.channels.active` (created on first use,
 * with the `maxPatterns` of that first call); returns its removal.
 */
export function addChannelRecorder(recorders: MeterRecorders, lister: ChannelLister, maxPatterns: number): () => void {
  const patterns = recorders.family(CHANNELS, (r) => {
    const state: ChannelPatterns = { max: maxPatterns, known: new Map<string, string>(), listers: new ProviderRegistry<ListerProvider>() };
    r.observable('gauge', CHANNELS_ACTIVE).addCallback((result) => {
      const counts = new Map<string, number>();
      for (const p of state.listers) {
        const labels = listPatterns(state, p);
        if (labels !== undefined) for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
      }
      for (const [pattern, n] of counts) result.observe(n, { [ATTR_CHANNEL_PATTERN]: pattern });
    });
    return state;
  });
  return patterns.listers.register((id) => ({ id, read: () => lister.list() })).remove;
}

/**
 * The pattern labels of one lister's channels; undefined (with a
 * diagnostic) when it throws, returns something else than an array, or
 * hands out an entry that throws when read: that lister is skipped whole.
 */
function listPatterns(patterns: ChannelPatterns, p: ListerProvider): string[] | undefined {
  try {
    const entries: unknown = p.read();
    if (!Array.isArray(entries)) {
      providerFailed('channel lister', p.id, new TypeError('list() did not return an array'));
      return undefined;
    }
    const labels: string[] = [];
    for (const entry of entries as unknown[]) {
      labels.push(patternLabel(patterns, entry === null || typeof entry !== 'object' ? undefined : (entry as { pattern: unknown }).pattern));
    }
    return labels;
  } catch (err) {
    providerFailed('channel lister', p.id, err);
    return undefined;
  }
}

function patternLabel(patterns: ChannelPatterns, raw: unknown): string {
  const known = typeof raw === 'string' ? patterns.known.get(raw) : undefined;
  if (known !== undefined) return known;
  const full = patterns.known.size >= patterns.max;
  const label = full ? OVERFLOW_VALUE : keepable(sanitizeLabel('channel pattern', raw));
  const key = full ? undefined : rawKey(raw, label);
  if (key !== undefined) patterns.known.set(key, label);
  return label;
}
