import { ATTR_CHANNEL_PATTERN, CHANNELS_ACTIVE } from '../instruments.ts';
import type { WindowedReader } from '../reader/windowed-reader.ts';
import { ReaderSource } from './reader-source.ts';
import { computeRemembered } from './section-memo.ts';
import { channelsSection } from './sections.ts';
import type { ChannelStats } from './types.ts';

/** Reports the channel section from `parsec.channels.active`. */
export class ChannelSource extends ReaderSource {
  readonly name = 'channels';

  channels(): ChannelStats | undefined {
    // Module functions only, no method of `this`: see isReaderSection (src/sources/reader-sources.ts).
    return computeRemembered(this.reader, 'channels', channelsOf);
  }
}

function channelsOf(r: WindowedReader): ChannelStats | undefined {
  if (!r.has(CHANNELS_ACTIVE.name)) return undefined;
  return channelsSection(r.gaugeBy(CHANNELS_ACTIVE.name, ATTR_CHANNEL_PATTERN));
}
