import { ATTR_CHANNEL_PATTERN, CHANNELS_ACTIVE } from '../instruments.ts';
import { ReaderSource } from './reader-source.ts';
import { channelsSection } from './sections.ts';
import type { ChannelStats } from './types.ts';

/** Reports the channel section from `parsec.channels.active`. */
export class ChannelSource extends ReaderSource {
  readonly name = 'channels';

  channels(): ChannelStats | undefined {
    if (!this.reader.has(CHANNELS_ACTIVE.name)) return undefined;
    return channelsSection(this.reader.gaugeBy(CHANNELS_ACTIVE.name, ATTR_CHANNEL_PATTERN));
  }
}
