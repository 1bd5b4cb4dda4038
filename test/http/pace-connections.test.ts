import t from 'tap';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, Socket, type AddressInfo } from 'node:net';
import { paceConnections } from '../../src/http/pace-connections.ts';
import { PacedConnection } from '../../src/http/paced-connection.ts';

t.test('the handler sees a request only once the one before is answered (maxUnanswered 1); the server still listens', async (t) => {
  const order: string[] = [];
  let unanswered = 0;
  let mostUnanswered = 0;
  const sockets: unknown[] = [];
  const peers: (string | undefined)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    sockets.push(req.socket);
    peers.push(req.socket.remoteAddress);
    unanswered++;
    mostUnanswered = Math.max(mostUnanswered, unanswered);
    order.push(req.url as string);
    // Answered on a later turn, so a request parsed meanwhile would show as two unanswered.
    setImmediate(() => {
      unanswered--;
      res.end(req.url);
    });
  });
  paceConnections(server, { maxUnanswered: 1, sliceBytes: 16 });
  const later: unknown[] = [];
  server.on('connection', (socket) => later.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());

  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  t.teardown(() => client.destroy());
  const paths = ['/a', '/b', '/c', '/d', '/e'];
  client.write(paths.map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''));
  let answers = '';
  const bodies = () => [...answers.matchAll(/\r\n\r\n(\/[a-e])/g)].map((m) => m[1]);
  for (let i = 0; i < 100 && bodies().length < paths.length; i++) answers += ((await once(client, 'data')) as [Buffer])[0].toString();

  t.same(order, paths, 'every request, in order');
  t.equal(mostUnanswered, 1, 'never two unanswered at once');
  t.same(bodies(), paths, 'every answer, in order');
  t.ok(sockets.every((s) => s instanceof PacedConnection), 'requests come from paced connections');
  t.same(new Set(peers), new Set(['127.0.0.1']), "req.socket.remoteAddress is the peer's");
  t.ok(later.length === 1 && later[0] instanceof Socket && !(later[0] instanceof PacedConnection), "'connection' listeners added afterwards see the socket");
});
