import { ATTR_PRESENCE_KIND, PRESENCE_CHANNELS, PRESENCE_KIND_AGENT, PRESENCE_KIND_USER, PRESENCE_MEMBERS } from '../instruments.ts';
import { ReaderSource, round } from './reader-source.ts';
import type { PresenceStats } from './types.ts';

/** Reports the presence section from `parsec.presence.members` and `.channels`. */
export class PresenceSource extends ReaderSource {
  readonly name = 'presence';

  presence(): PresenceStats | undefined {
    if (!this.reader.has(PRESENCE_MEMBERS.name) && !this.reader.has(PRESENCE_CHANNELS.name)) return undefined;
    const users = this.reader.gauge(PRESENCE_MEMBERS.name, { [ATTR_PRESENCE_KIND]: PRESENCE_KIND_USER });
    const agents = this.reader.gauge(PRESENCE_MEMBERS.name, { [ATTR_PRESENCE_KIND]: PRESENCE_KIND_AGENT });
    const channels = this.reader.gauge(PRESENCE_CHANNELS.name);
    const stats: PresenceStats = {
      total_users: users,
      total_agents: agents,
      average_per_channel: channels > 0 ? round((users + agents) / channels) : 0,
    };
    if (channels > 0) stats.channels = channels;
    return stats;
  }
}
