import type { Attributes } from '@opentelemetry/api';
import { ATTR_PRESENCE_KIND, PRESENCE_CHANNELS, PRESENCE_KIND_AGENT, PRESENCE_KIND_USER, PRESENCE_MEMBERS } from '../instruments.ts';
import { ProviderRegistry, sumReadings, type MeterRecorders, type Provider } from './meter-recorders.ts';
import type { PresenceReading } from './types.ts';

const PRESENCE = Symbol('presence');
const USER_ATTRS: Attributes = Object.freeze({ [ATTR_PRESENCE_KIND]: PRESENCE_KIND_USER });
const AGENT_ATTRS: Attributes = Object.freeze({ [ATTR_PRESENCE_KIND]: PRESENCE_KIND_AGENT });

/** Adds a presence reader to `parsec.presence.members` and `.channels` (created on first use); returns its removal. */
export function addPresenceRecorder(recorders: MeterRecorders, read: () => PresenceReading): () => void {
  const providers = recorders.family(PRESENCE, (r) => {
    const registry = new ProviderRegistry<Provider<PresenceReading>>();
    const members = r.observable('gauge', PRESENCE_MEMBERS);
    const channels = r.observable('gauge', PRESENCE_CHANNELS);
    r.meter.addBatchObservableCallback((result) => {
      const sum = sumReadings('presence', registry, ['users', 'agents', 'channels']);
      if (sum === undefined) return;
      result.observe(members, sum.users, USER_ATTRS);
      result.observe(members, sum.agents, AGENT_ATTRS);
      result.observe(channels, sum.channels);
    }, [members, channels]);
    return registry;
  });
  return providers.register((id) => ({ id, read })).remove;
}
