// Bug: PARSEC_TELEMETRY_TOKEN="" or "  " served everything without a token
// and said nothing (the variable counted as unset), while --token '' was
// refused. An operator who wrote PARSEC_TELEMETRY_TOKEN=$(cat missing-file)
// meant to protect the endpoints.
import t from 'tap';
import { main } from '../../src/cli.ts';
import { createTelemetry, createTelemetryReader, InvalidOptionError } from '../../src/index.ts';
import { recordingIo as io } from '../helpers/cli-io.ts';
import { thrown } from '../helpers/expect-throw.ts';

for (const blank of ['', '  ', '\t']) {
  t.test(`PARSEC_TELEMETRY_TOKEN=${JSON.stringify(blank)} is a setup error`, async (t) => {
    const env = { PARSEC_TELEMETRY_TOKEN: blank };
    for (const create of [createTelemetry, createTelemetryReader]) {
      const err = thrown(() => create({ env, sampleIntervalMs: 0 }));
      t.ok(err instanceof InvalidOptionError, `${create.name} throws InvalidOptionError`);
      t.equal((err as InvalidOptionError).option, 'PARSEC_TELEMETRY_TOKEN');
    }
    const x = io(env);
    t.equal(await main(['demo', '--port', '0'], x), 2, 'the CLI refuses to start');
    t.match(x.err, 'PARSEC_TELEMETRY_TOKEN');
  });
}

t.test('an unset variable still means no token', async (t) => {
  const telemetry = createTelemetryReader({ env: {}, sampleIntervalMs: 0 });
  t.teardown(() => telemetry.shutdown());
  t.equal(telemetry.health().status, 'ok');
});
