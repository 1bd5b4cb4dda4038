import t from 'tap';
import { Hub } from '../../src/demo/hub.ts';
import { Population } from '../../src/demo/population.ts';

t.test('members, users first, and their memberships', async (t) => {
  const hub = new Hub(1);
  const [a, b] = [hub.open('room:a', 'room:*'), hub.open('room:b', 'room:*')];
  const pop = new Population(2, 1);
  t.same(pop.members.map((m) => [m.id, m.kind, m.tokenId]), [[0, 'user', 0], [1, 'user', 0], [2, 'agent', 0]]);
  const [u0, u1, ag] = pop.members as [typeof pop.members[0], typeof pop.members[0], typeof pop.members[0]];
  t.equal(pop.add(u0, a), true);
  t.equal(pop.add(u0, a), false, 'a member is in a channel once');
  t.equal(pop.add(u1, a), true);
  t.equal(pop.add(ag, b), true);
  t.equal(pop.size, 3);

  // Removing the first membership moves the last into its place.
  t.same(pop.removeAt(0), { member: u0, channel: a });
  t.equal(pop.size, 2);
  t.same(pop.at(0), { member: ag, channel: b });
  t.equal(u0.channels.size, 0);
  t.equal(ag.channels.get(b), 0, 'the moved membership knows its new index');
  // Removing the last one moves nothing.
  t.same(pop.removeAt(1), { member: u1, channel: a });
  t.same(pop.removeAt(0), { member: ag, channel: b });
  t.equal(pop.size, 0);
});
