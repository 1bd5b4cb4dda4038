import type { ChannelEntry, ChannelLister, HistoryReading, PresenceReading } from '../record/types.ts';
import { HistoryRing } from './history-ring.ts';

/** Whether a member is a user or an agent. */
export type MemberKind = 'user' | 'agent';

/** One open channel of the hub. */
export interface Channel extends ChannelEntry {
  /** The channel's history ring. */
  readonly history: HistoryRing;
  /** Users present. */
  users: number;
  /** Agents present. */
  agents: number;
  /** Permanent channels stay open when empty. */
  readonly permanent: boolean;
}

/**
 * The channels of a node, their presence counts and history rings. A
 * channel opens on first use and closes (dropping its history) when its
 * last member leaves, unless it is permanent. Totals are kept as they
 * change, so readings cost nothing at collection time.
 */
export class Hub implements ChannelLister {
  /** Capacity of each channel's history ring, in envelopes. */
  readonly historyCapacity: number;
  private readonly _channels = new Map<string, Channel>();
  private _list: Channel[] | undefined;
  private _users = 0;
  private _agents = 0;
  private _withPresence = 0;
  private _buffered = 0;

  constructor(historyCapacity: number) {
    this.historyCapacity = historyCapacity;
  }

  /** The open channel named `name`, opening it (under `pattern`) when needed. */
  open(name: string, pattern: string, permanent = false): Channel {
    let channel = this._channels.get(name);
    if (channel === undefined) {
      channel = { name, pattern, history: new HistoryRing(this.historyCapacity), users: 0, agents: 0, permanent };
      this._channels.set(name, channel);
      this._list = undefined;
    }
    return channel;
  }

  /** Counts a member of `kind` joining `channel`. */
  join(channel: Channel, kind: MemberKind): void {
    if (channel.users + channel.agents === 0) this._withPresence++;
    if (kind === 'user') {
      channel.users++;
      this._users++;
    } else {
      channel.agents++;
      this._agents++;
    }
  }

  /** Counts a member of `kind` leaving `channel`; closes the channel when it empties (unless permanent). */
  leave(channel: Channel, kind: MemberKind): void {
    if (kind === 'user') {
      channel.users--;
      this._users--;
    } else {
      channel.agents--;
      this._agents--;
    }
    if (channel.users + channel.agents > 0) return;
    this._withPresence--;
    if (channel.permanent) return;
    this._channels.delete(channel.name);
    this._buffered -= channel.history.length;
    this._list = undefined;
  }

  /** Appends an envelope id to `channel`'s history. */
  append(channel: Channel, id: number): void {
    if (channel.history.push(id)) this._buffered++;
  }

  /** The open channels (the ChannelLister contract). */
  list(): readonly Channel[] {
    this._list ??= [...this._channels.values()];
    return this._list;
  }

  /** Open channels. */
  get size(): number {
    return this._channels.size;
  }

  /** Presence summed over the open channels. */
  presence(): PresenceReading {
    return { users: this._users, agents: this._agents, channels: this._withPresence };
  }

  /** Envelopes buffered in, and total capacity of, the open channels' history rings. */
  history(): HistoryReading {
    return { buffered: this._buffered, capacity: this._channels.size * this.historyCapacity };
  }
}
