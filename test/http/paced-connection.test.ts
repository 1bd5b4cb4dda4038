import t, { type Test } from 'tap';
import { EventEmitter, once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import { PacedConnection } from '../../src/http/paced-connection.ts';

/** A connected pair on an ephemeral loopback port: the server's side wrapped in a PacedConnection. */
async function pair(t: Test, maxUnanswered: number, sliceBytes: number) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect((server.address() as { port: number }).port, '127.0.0.1');
  const [socket] = await accepted;
  t.teardown(() => client.destroy());
  const paced = new PacedConnection(socket, { maxUnanswered, sliceBytes });
  const got: string[] = [];
  paced.on('data', (d: Buffer) => got.push(d.toString()));
  return { client, socket, paced, got };
}

/** Waits for `emitter` to emit `event` until `done()` holds (at most `max` times). */
async function until(emitter: EventEmitter, event: string, done: () => boolean, max = 100): Promise<void> {
  for (let i = 0; i < max && !done(); i++) await once(emitter, event);
}

const response = () => new EventEmitter() as unknown as ServerResponse;

t.test('hands received bytes on in slices, none while maxUnanswered requests are unanswered', async (t) => {
  const { client, socket, paced, got } = await pair(t, 2, 4);
  client.write('abcdefghij');
  await until(paced, 'data', () => got.join('') === 'abcdefghij');
  t.same(got, ['abcd', 'efgh', 'ij'], 'slices of at most sliceBytes, in order');

  const first = response();
  const second = response();
  paced.track(first);
  paced.track(second);
  got.length = 0;
  client.write('klmnop');
  await once(socket, 'data');
  t.same(got, [], 'nothing handed on while two requests are unanswered');
  t.equal(socket.isPaused(), true, 'and the socket is paused');
  first.emit('finish');
  t.same(got, ['klmn', 'op'], 'handed on as soon as an answer has finished');
  t.equal(socket.isPaused(), false, 'and the socket reads again');
  second.emit('finish');

  paced.destroy();
  t.equal(socket.destroyed, true, 'destroying it destroys the socket');
});

t.test('holds bytes while its reader does not take more, and ends after them', async (t) => {
  const { client, socket, paced, got } = await pair(t, 16, 4);
  paced.pause();
  client.end('abcdefghij');
  await once(socket, 'data');
  t.equal(socket.isPaused(), true, 'a slice waits in the readable buffer, the rest is held, the socket paused');
  t.same(got, []);
  const ended = once(paced, 'end');
  paced.resume();
  await ended;
  t.equal(got.join(''), 'abcdefghij', 'everything, in order, then the end');
});

t.test('writes go to the socket, waiting for drain when it is full; timeouts, addresses and destroySoon are the socket\'s', async (t) => {
  const { client, socket, paced } = await pair(t, 16, 1024);
  t.equal(paced.remoteAddress, socket.remoteAddress);
  t.equal(paced.remotePort, socket.remotePort);

  const big = 8 * 1024 * 1024;
  let received = 0;
  client.on('data', (d: Buffer) => (received += d.length));
  const written = new Promise<void>((resolve) => paced.write(Buffer.alloc(big), () => resolve()));
  paced.write('end');
  await written;
  await until(client, 'data', () => received === big + 3, 10_000);
  t.equal(received, big + 3, 'every byte arrived, in order of writing');

  paced.setTimeout(1);
  await once(paced, 'timeout');
  paced.setTimeout(0);

  const ended = once(client, 'end');
  const closed = once(paced, 'close');
  paced.destroySoon();
  await ended;
  await closed;
  t.equal(socket.destroyed, true);
});

t.test('destroySoon after the writing side has finished destroys at once; a socket error destroys it with that error', async (t) => {
  const first = await pair(t, 16, 1024);
  first.paced.end();
  await once(first.paced, 'finish');
  const closed = once(first.paced, 'close');
  first.paced.destroySoon();
  await closed;
  t.equal(first.socket.destroyed, true);

  const second = await pair(t, 16, 1024);
  const failed = once(second.paced, 'error');
  second.socket.destroy(new Error('boom'));
  t.match((await failed)[0], { message: 'boom' });
  t.equal(second.paced.destroyed, true);
});
