/** The channel name patterns the demo node uses. */
export const ROOM = 'room:*';
export const DM = 'dm:*';
export const AGENT = 'agent:*';
export const BROADCAST = 'broadcast:*';

/** Every pattern, in the order the snapshot lists them. */
export const CHANNEL_PATTERNS: readonly string[] = Object.freeze([ROOM, DM, AGENT, BROADCAST]);

/** Broadcast channels exist from the start and never close. */
export const BROADCAST_CHANNELS = 4;

/** One family of channel names: `prefix` followed by 0 … count − 1. */
export interface ChannelFamily {
  readonly pattern: string;
  readonly prefix: string;
  readonly count: number;
}

function family(pattern: string, count: number): ChannelFamily {
  return Object.freeze({ pattern, prefix: pattern.slice(0, -1), count });
}

/** Channel families sized for a population: a room per 8 members, a DM per 4 users, a channel per agent. */
export function channelFamilies(userCount: number, agentCount: number): Readonly<Record<'room' | 'dm' | 'agent' | 'broadcast', ChannelFamily>> {
  return Object.freeze({
    room: family(ROOM, Math.max(4, Math.ceil((userCount + agentCount) / 8))),
    dm: family(DM, Math.max(4, Math.ceil(userCount / 4))),
    agent: family(AGENT, Math.max(1, agentCount)),
    broadcast: family(BROADCAST, BROADCAST_CHANNELS),
  });
}
