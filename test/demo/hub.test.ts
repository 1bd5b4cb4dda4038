import t from 'tap';
import { Hub } from '../../src/demo/hub.ts';

t.test('channels open on use and close when their last member leaves', async (t) => {
  const hub = new Hub(10);
  const lobby = hub.open('room:lobby', 'room:*');
  t.equal(hub.open('room:lobby', 'room:*'), lobby, 'opening again returns the open channel');
  const news = hub.open('broadcast:news', 'broadcast:*', true);
  t.same(hub.list().map((c) => [c.name, c.pattern]), [['room:lobby', 'room:*'], ['broadcast:news', 'broadcast:*']]);
  t.equal(hub.list(), hub.list(), 'the list is reused until channels change');

  hub.join(lobby, 'user');
  hub.join(lobby, 'agent');
  hub.join(news, 'user');
  t.same(hub.presence(), { users: 2, agents: 1, channels: 2 });
  for (let id = 0; id < 15; id++) hub.append(lobby, id);
  hub.append(news, 99);
  t.same(hub.history(), { buffered: 11, capacity: 20 }, 'the lobby ring holds its capacity, no more');

  hub.leave(lobby, 'agent');
  t.same(hub.presence(), { users: 2, agents: 0, channels: 2 });
  hub.leave(lobby, 'user');
  t.same(hub.presence(), { users: 1, agents: 0, channels: 1 });
  t.same(hub.list().map((c) => c.name), ['broadcast:news'], 'the empty room closed');
  t.same(hub.history(), { buffered: 1, capacity: 10 }, 'its history went with it');

  hub.leave(news, 'user');
  t.same(hub.presence(), { users: 0, agents: 0, channels: 0 });
  t.equal(hub.size, 1, 'a permanent channel stays open when empty');
  t.same(hub.history(), { buffered: 1, capacity: 10 });
});
