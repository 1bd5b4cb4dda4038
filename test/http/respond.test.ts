import t from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { respond } from '../../src/http/respond.ts';
import { fetchText } from '../helpers/http.ts';

t.test('a response is written once: a second answer to the same request does nothing', async (t) => {
  const server = createServer((req, res) => {
    respond(req, res, 200, 'text/plain', 'first');
    respond(req, res, 500, 'text/plain', 'second');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const reply = await fetchText(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  t.equal(reply.status, 200);
  t.equal(reply.body, 'first');
});
