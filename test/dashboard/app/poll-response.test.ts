import t from 'tap';
import fc from 'fast-check';
import { errorDetail, messageOf, readResponse } from '../../../src/dashboard/app/poll-response.ts';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

t.test('401 asks for a token', async (t) => {
  t.same(await readResponse(new Response('', { status: 401 })), { kind: 'unauthorized' });
});

t.test('a snapshot is data', async (t) => {
  const snapshot = { envelopes: { rate_per_second: 2 }, at: '2026-11-24T14:00:00.000Z' };
  t.same(await readResponse(json(snapshot)), { kind: 'data', snapshot });
});

t.test('every other reply is an error with the message the banner shows', async (t) => {
  await t.rejects(readResponse(json({ error: 'snapshot failed' }, 500)), { message: 'HTTP 500: snapshot failed' });
  await t.rejects(readResponse(new Response('Bad Gateway', { status: 502 })), { message: 'HTTP 502' }, 'a body that is not JSON: the status alone');
  await t.rejects(readResponse(new Response('not json')), { message: 'the response is not JSON' });
  await t.rejects(readResponse(json({ hello: 'world' })), { message: 'the response is not a parsec snapshot' });
});

t.test('errorDetail takes only a string `error`', async (t) => {
  t.equal(errorDetail('{"error":"boom"}'), ': boom');
  for (const body of ['{"error":5}', '{}', 'null', '"error"', '', '{']) t.equal(errorDetail(body), '', body);
});

t.test("messageOf: the error's message, else the value as text", async (t) => {
  t.equal(messageOf(new TypeError('Failed to fetch')), 'Failed to fetch');
  t.equal(messageOf('plain'), 'plain');
  t.equal(messageOf({ message: '' }), '[object Object]');
  t.equal(messageOf(null), 'null');
  t.equal(messageOf(undefined), 'undefined');
});

t.test('any JSON body: data exactly when it is an object with an envelopes object', async () => {
  await fc.assert(fc.asyncProperty(fc.jsonValue(), fc.constantFrom(200, 500), async (body, status) => {
    const isSnapshot = status === 200 && body !== null && typeof body === 'object' && !Array.isArray(body)
      && typeof (body as Record<string, unknown>).envelopes === 'object' && (body as Record<string, unknown>).envelopes !== null
      && !Array.isArray((body as Record<string, unknown>).envelopes);
    try {
      const outcome = await readResponse(json(body, status));
      return isSnapshot && outcome.kind === 'data';
    } catch (err) {
      return !isSnapshot && (err instanceof Error) && /^(HTTP 500|the response is not a parsec snapshot)/.test(err.message);
    }
  }));
});
