import { ATTR_PRESENCE_KIND, PRESENCE_CHANNELS, PRESENCE_KIND_AGENT, PRESENCE_KIND_USER, PRESENCE_MEMBERS } from '../instruments.ts';
import { ReaderSource } from './reader-source.ts';
import { presenceSection } from './sections.ts';
import type { PresenceStats } from './types.ts';

/** Reports the presence section from `parsec.presence.members` and `.channels`. */
export class PresenceSource extends ReaderSource {
  readonly name = 'presence';

  presence(): PresenceStats | undefined {
    if (!this.reader.has(PRESENCE_MEMBERS.name) && !this.reader.has(PRESENCE_CHANNELS.name)) return undefined;
    return presenceSection(
      this.reader.gauge(PRESENCE_MEMBERS.name, { [ATTR_PRESENCE_KIND]: PRESENCE_KIND_USER }),
      this.reader.gauge(PRESENCE_MEMBERS.name, { [ATTR_PRESENCE_KIND]: PRESENCE_KIND_AGENT }),
      this.reader.gauge(PRESENCE_CHANNELS.name),
    );
  }
}
