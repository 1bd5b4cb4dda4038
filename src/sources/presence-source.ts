import { ATTR_PRESENCE_KIND, PRESENCE_CHANNELS, PRESENCE_KIND_AGENT, PRESENCE_KIND_USER, PRESENCE_MEMBERS } from '../instruments.ts';
import type { WindowedReader } from '../reader/windowed-reader.ts';
import { ReaderSource } from './reader-source.ts';
import { computeRemembered } from './section-memo.ts';
import { presenceSection } from './sections.ts';
import type { PresenceStats } from './types.ts';

/** Reports the presence section from `parsec.presence.members` and `.channels`. */
export class PresenceSource extends ReaderSource {
  readonly name = 'presence';

  presence(): PresenceStats | undefined {
    // Module functions only, no method of `this`: see isReaderSection (src/sources/reader-sources.ts).
    return computeRemembered(this.reader, 'presence', presenceOf);
  }
}

function presenceOf(r: WindowedReader): PresenceStats | undefined {
  if (!r.has(PRESENCE_MEMBERS.name) && !r.has(PRESENCE_CHANNELS.name)) return undefined;
  return presenceSection(
    r.gauge(PRESENCE_MEMBERS.name, { [ATTR_PRESENCE_KIND]: PRESENCE_KIND_USER }),
    r.gauge(PRESENCE_MEMBERS.name, { [ATTR_PRESENCE_KIND]: PRESENCE_KIND_AGENT }),
    r.gauge(PRESENCE_CHANNELS.name),
  );
}
