import t from 'tap';
import { clock } from '../../../src/dashboard/app/format.ts';
import { AUTH, CONNECTING, failureView, isToken, LIVE, MALFORMED_TOKEN, tokenPrompt, updatedText } from '../../../src/dashboard/app/poll-status.ts';

t.test('the status dot: connecting, live, waiting for a token', async (t) => {
  t.same([CONNECTING, LIVE, AUTH], [
    { kind: 'connecting', text: 'connecting…' },
    { kind: 'live', text: 'live' },
    { kind: 'auth', text: 'token required' },
  ]);
});

t.test('the updated line: the snapshot time, else when it arrived', async (t) => {
  const at = '2026-11-24T14:00:00.000Z';
  t.equal(updatedText(at, 0), `snapshot at ${clock(Date.parse(at))}`);
  const received = new Date(2026, 10, 24, 8, 30, 0).getTime();
  t.equal(updatedText('yesterday', received), 'snapshot received 08:30:00');
  t.equal(updatedText(undefined, received), 'snapshot received 08:30:00');
  t.equal(updatedText(1_700_000_000_000, received), 'snapshot received 08:30:00', 'only an ISO string is a time');
});

t.test('a failure before any data: down, "No data yet"', async (t) => {
  const view = failureView(0, 1, 'HTTP 500: snapshot failed', 200);
  t.equal(view.headline, 'No data yet — last error: HTTP 500: snapshot failed');
  t.equal(view.detail, ' (1 failed poll, retrying every 0.2 s)');
  t.same(view.status, { kind: 'down', text: 'no data' });
});

t.test('a failure after data: stale since the last good poll, failures counted', async (t) => {
  const lastOk = new Date(2026, 10, 24, 14, 2, 3).getTime();
  const view = failureView(lastOk, 3, 'Failed to fetch', 2000);
  t.equal(view.headline, 'Stale since 14:02:03 — last error: Failed to fetch');
  t.equal(view.detail, ' (3 failed polls, retrying every 2 s)');
  t.same(view.status, { kind: 'stale', text: 'stale' });
  t.match(view.headline + view.detail, /^Stale since \d\d:\d\d:\d\d — last error: Failed to fetch \(\d+ failed polls?, retrying every [\d.]+ s\)$/, 'the banner the Chromium test reads');
});

t.test('the token form: what it says, and which tokens it takes', async (t) => {
  t.equal(tokenPrompt(false), 'This server needs a bearer token to show its metrics.');
  t.equal(tokenPrompt(true), 'The token was refused. Enter it again.');
  t.equal(isToken('open-sesame'), true);
  t.equal(isToken('!~'), true, 'any visible ASCII');
  for (const v of ['', 'not valid', 'tab\there', 'naïve', 'line\n']) t.equal(isToken(v), false, JSON.stringify(v));
  t.equal(MALFORMED_TOKEN, 'A token is one word of visible ASCII characters.');
});
