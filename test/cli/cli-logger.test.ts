import t from 'tap';
import { diag } from '@opentelemetry/api';
import { main } from '../../src/cli.ts';
import { headerSecrets, installCliLogger, logLevelOf } from '../../src/cli/cli-logger.ts';
import { createTelemetry, createTelemetryReader, observeCache } from '../../src/index.ts';
import { startOtlpReceiver } from '../fixtures/otlp-receiver.ts';
import { recordingIo as io, type RecordingIo } from '../helpers/cli-io.ts';

const NOW = Date.UTC(2026, 11, 1, 10, 0, 0);

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

t.test('text lines are "time level message", below the level nothing, secrets hidden, errors described', async (t) => {
  let out = '';
  const uninstall = installCliLogger({ level: 'info', format: 'text', write: (l) => (out += l), secrets: ['s3cret', ''], now: () => NOW });
  t.teardown(uninstall);
  diag.warn('export to http://c/v1 with s3cret failed', new Error('connect ECONNREFUSED 127.0.0.1:9'));
  diag.info('started');
  diag.debug('not shown at info');
  diag.error('hostile', { toString: () => { throw new Error('never called'); } });
  diag.error('{"not json');
  diag.error('exporter said', '{"message":"socket hang up","stack":"Error: socket hang up\\n    at y"}', '{"code":5}');
  diag.error(JSON.stringify({ stack: 'Error: export failed\n    at x (y.js:1:1)', message: 'export failed', name: 'Error', code: 14 }));
  t.same(lines(out), [
    '2026-12-01T10:00:00.000Z warn export to http://c/v1 with (hidden) failed connect ECONNREFUSED 127.0.0.1:9',
    '2026-12-01T10:00:00.000Z info started',
    '2026-12-01T10:00:00.000Z error hostile a object',
    '2026-12-01T10:00:00.000Z error {"not json',
    '2026-12-01T10:00:00.000Z error exporter said socket hang up {"code":5}',
    '2026-12-01T10:00:00.000Z error export failed (code 14)',
  ]);
});

t.test('json lines are one object each', async (t) => {
  let out = '';
  const uninstall = installCliLogger({ level: 'all', format: 'json', write: (l) => (out += l), secrets: [] , now: () => NOW });
  t.teardown(uninstall);
  diag.verbose('a "quoted"\nmessage');
  t.same(lines(out).map((l) => JSON.parse(l)).filter((l) => !l.message.startsWith('@opentelemetry/api')), [{ time: '2026-12-01T10:00:00.000Z', level: 'verbose', message: 'a "quoted"\nmessage' }]);
});

t.test('log levels and header secrets', async (t) => {
  t.equal(logLevelOf(' DEBUG '), 'debug');
  t.equal(logLevelOf('loud'), undefined);
  t.equal(logLevelOf('toString'), undefined, 'only the levels, not Object.prototype members');
  t.same(headerSecrets({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20tok, x-b=2,broken', OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'k=%E0%A4%A' }), [
    'Bearer%20tok', 'Bearer tok', '2', '2', '%E0%A4%A',
  ]);
});

/** Runs the demo until `until` holds of its stderr (bounded), then stops it. */
async function demoUntil(t: { equal(found: unknown, wanted: unknown, message: string): unknown }, x: RecordingIo, argv: string[], until: (err: string) => boolean): Promise<void> {
  const run = main(['demo', '--port', '0', ...argv], x);
  for (let i = 0; i < 2000 && !until(x.err); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  x.signal('SIGTERM');
  t.equal(await run, 0, 'the demo ran and stopped');
}

t.test('a refused connection to the collector is logged with its cause, the header credentials never', async (t) => {
  const x = io({ OTEL_METRIC_EXPORT_INTERVAL: '200', OTEL_METRIC_EXPORT_TIMEOUT: '150', OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20hdr-secret' });
  await demoUntil(t, x, ['--otlp', 'http://user:pw-secret@127.0.0.1:9/v1/metrics'], (err) => /ECONNREFUSED/.test(err));
  const errors = lines(x.err).filter((l) => /ECONNREFUSED/.test(l));
  t.ok(errors.length >= 1, `logged (${errors.length} lines for the failed exports)`);
  t.match(errors[0], /^\d{4}-\d\d-\d\dT[\d:.]+Z error /);
  t.notMatch(x.err, /hdr-secret|pw-secret/, 'no credential on stderr');
  t.notMatch(x.out, /pw-secret/);
});

t.test('a collector answering 503 is logged, as JSON with --log-format json', async (t) => {
  const receiver = await startOtlpReceiver();
  t.teardown(() => receiver.stop());
  receiver.setMode('unavailable');
  const x = io({ OTEL_METRIC_EXPORT_INTERVAL: '200', OTEL_METRIC_EXPORT_TIMEOUT: '150' });
  await demoUntil(t, x, ['--otlp', receiver.metricsUrl, '--log-format', 'json'], (err) => /export failed/.test(err));
  const parsed = lines(x.err).map((l) => JSON.parse(l) as { level: string; message: string });
  const failed = parsed.filter((p) => p.level === 'error' && /metrics export failed \(error OTLPExporterError: Export failed with retryable status\)$/.test(p.message));
  t.ok(failed.length >= 1, 'the failed export, one JSON object per line, with its cause and without the stack');
});

t.test('OTEL_LOG_LEVEL sets the level; --log-level wins; an invalid one is a usage error', async (t) => {
  const quiet = io({ OTEL_LOG_LEVEL: 'none', OTEL_METRIC_EXPORT_INTERVAL: '200', OTEL_METRIC_EXPORT_TIMEOUT: '150' });
  const run = main(['demo', '--port', '0', '--otlp', 'http://127.0.0.1:9/v1/metrics'], quiet);
  const loud = io({ OTEL_LOG_LEVEL: 'none', OTEL_METRIC_EXPORT_INTERVAL: '200', OTEL_METRIC_EXPORT_TIMEOUT: '150' });
  // Both in one process share OTel's one diag logger: run them one after the other.
  for (let i = 0; i < 60; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  quiet.signal('SIGTERM');
  t.equal(await run, 0);
  t.equal(quiet.err, '', 'none: nothing on stderr');
  await demoUntil(t, loud, ['--otlp', 'http://127.0.0.1:9/v1/metrics', '--log-level', 'warn'], (err) => /ECONNREFUSED/.test(err));
  t.match(loud.err, /ECONNREFUSED/, '--log-level warn wins over OTEL_LOG_LEVEL=none');
  const bad = io({ OTEL_LOG_LEVEL: 'loud' });
  t.equal(await main(['demo', '--port', '0'], bad), 2);
  t.match(bad.err, /invalid OTEL_LOG_LEVEL "loud"/);
});

t.test('a failing source and an unreadable cache are each logged once, with the cause', async (t) => {
  let out = '';
  const uninstall = installCliLogger({ level: 'info', format: 'text', write: (l) => (out += l), secrets: [] });
  t.teardown(uninstall);
  const failing = createTelemetryReader({ sampleIntervalMs: 0, env: {}, sources: [{ name: 'cluster', envelopes: () => Promise.reject(new Error('prometheus down')) }] });
  t.teardown(() => failing.shutdown());
  for (let i = 0; i < 3; i++) await failing.snapshot();
  t.equal(lines(out).filter((l) => /snapshot source "cluster" failed: prometheus down/.test(l)).length, 1, 'the failing source, once over three snapshots');
  const telemetry = createTelemetry({ sampleIntervalMs: 0, env: {}, global: false, prometheus: false });
  t.teardown(() => telemetry.shutdown());
  observeCache(telemetry.meter, () => {
    throw new Error('cache stats unreadable');
  }, { backend: 'ledger' });
  for (let i = 0; i < 3; i++) await telemetry.snapshot();
  t.equal(lines(out).filter((l) => /cache stats unreadable/.test(l)).length, 1, 'the unreadable cache, once over three samples');
});
