import t from 'tap';
import { readFileSync } from 'node:fs';
import { ErrorCode, InvalidArgumentError, InvalidOptionError, ParsecTelemetryError, ShutDownError, SourceTimeoutError } from '../../src/index.ts';
import { describe } from '../../src/errors/errors.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import { PrometheusQueryError } from '../../src/cluster/prometheus-query-error.ts';

// One row per error class: how to make it, its code, its name.
const TABLE: [() => ParsecTelemetryError, string, string][] = [
  [() => new InvalidOptionError('rateWindowMs', 'an integer >= 12', -1), ErrorCode.INVALID_OPTION, 'InvalidOptionError'],
  [() => new InvalidArgumentError('meter', 'an OpenTelemetry Meter', null), ErrorCode.INVALID_ARGUMENT, 'InvalidArgumentError'],
  [() => new SourceTimeoutError('cluster', 1000), ErrorCode.SOURCE_TIMEOUT, 'SourceTimeoutError'],
  [() => new ShutDownError('telemetry'), ErrorCode.SHUT_DOWN, 'ShutDownError'],
  [() => new UsageError('unknown option "--x"'), ErrorCode.USAGE, 'UsageError'],
  [() => new PrometheusQueryError('nodes', 'cannot reach'), ErrorCode.PROMETHEUS_QUERY, 'PrometheusQueryError'],
];

t.test('every error has a stable code, a name, and is a ParsecTelemetryError', async (t) => {
  t.same(TABLE.map((row) => row[1]).sort(), Object.values(ErrorCode).sort(), 'the table covers every code');
  for (const [make, code, name] of TABLE) {
    const err = make();
    t.ok(err instanceof ParsecTelemetryError, `${name} extends ParsecTelemetryError`);
    t.ok(err instanceof Error);
    t.equal(err.code, code);
    t.equal(err.name, name);
  }
});

t.test('the README lists every code', async (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const code of Object.values(ErrorCode)) t.ok(readme.includes(`\`${code}\``), `${code} in the README`);
});

t.test('messages name the option and show the value safely', async (t) => {
  t.equal(new InvalidOptionError('port', 'an integer', 'x'.repeat(100)).message, `invalid option "port": expected an integer, got "${'x'.repeat(40)}…"`);
  t.same(
    [describe('ok'), describe(3), describe(true), describe(10n), describe(null), describe(undefined), describe(() => 1), describe([]), describe({})],
    ['"ok"', '3', 'true', '10', 'null', 'undefined', 'a function', 'an array', 'a object'],
  );
});
