import type { Channel, MemberKind } from './hub.ts';

/** A user or an agent of the demo node. */
export interface Member {
  readonly id: number;
  readonly kind: MemberKind;
  /** The channels the member is in, each with its index in the membership list. */
  readonly channels: Map<Channel, number>;
  /** The member's current token id, 0 while it holds none. */
  tokenId: number;
}

/** One member in one channel. */
export interface Membership {
  readonly member: Member;
  readonly channel: Channel;
}

/**
 * Who is in which channel, as a flat list so that a uniformly random
 * membership (the publisher of the next envelope, the next to leave) costs
 * one index. Removal swaps with the last entry.
 */
export class Population {
  /** Every member, users first. */
  readonly members: readonly Member[];
  private readonly _memberships: Membership[] = [];

  constructor(userCount: number, agentCount: number) {
    const members: Member[] = [];
    for (let i = 0; i < userCount + agentCount; i++) {
      members.push({ id: i, kind: i < userCount ? 'user' : 'agent', channels: new Map(), tokenId: 0 });
    }
    this.members = members;
  }

  /** Memberships now. */
  get size(): number {
    return this._memberships.length;
  }

  /** The membership at `index` (0 ≤ index < size). */
  at(index: number): Membership {
    return this._memberships[index] as Membership;
  }

  /** Puts `member` in `channel`; returns false when it already is. */
  add(member: Member, channel: Channel): boolean {
    if (member.channels.has(channel)) return false;
    member.channels.set(channel, this._memberships.length);
    this._memberships.push({ member, channel });
    return true;
  }

  /** Removes the membership at `index` and returns it. */
  removeAt(index: number): Membership {
    const removed = this._memberships[index] as Membership;
    const last = this._memberships.pop() as Membership;
    if (last !== removed) {
      this._memberships[index] = last;
      last.member.channels.set(last.channel, index);
    }
    removed.member.channels.delete(removed.channel);
    return removed;
  }
}
