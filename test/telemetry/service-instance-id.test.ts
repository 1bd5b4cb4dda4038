import t from 'tap';
import { createTelemetry, InvalidOptionError } from '../../src/index.ts';
import { thrown } from '../helpers/expect-throw.ts';
import { fetchText } from '../helpers/http.ts';

async function targetInfo(t: { teardown(fn: () => unknown): void }, options: Parameters<typeof createTelemetry>[0]): Promise<string> {
  const telemetry = createTelemetry({ sampleIntervalMs: 0, global: false, ...options });
  t.teardown(() => telemetry.shutdown());
  const server = await telemetry.listen({ port: 0 });
  const body = (await fetchText(`${server.url}/metrics`)).body;
  return body.split('\n').find((l) => l.startsWith('target_info{')) ?? '';
}

const instanceOf = (line: string) => /service_instance_id="([^"]*)"/.exec(line)?.[1];

t.test('a random UUID per process by default, in target_info beside service_name', async (t) => {
  const line = await targetInfo(t, { env: {}, serviceName: 'node-a' });
  t.match(line, 'service_name="node-a"');
  t.match(instanceOf(line), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.equal(instanceOf(await targetInfo(t, { env: {} })), instanceOf(line), 'the same for every telemetry of one process');
});

t.test('OTEL_RESOURCE_ATTRIBUTES and the option name it', async (t) => {
  t.equal(instanceOf(await targetInfo(t, { env: { OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=node-7' } })), 'node-7');
  t.equal(instanceOf(await targetInfo(t, { env: { OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=node-7' }, serviceInstanceId: 'pod-3' })), 'pod-3', 'the option wins');
});

t.test('an invalid serviceInstanceId throws naming it', async (t) => {
  for (const bad of ['', 5, 'a\nb']) {
    const err = thrown(() => createTelemetry({ env: {}, serviceInstanceId: bad as string }));
    t.ok(err instanceof InvalidOptionError);
    t.equal((err as InvalidOptionError).option, 'serviceInstanceId');
  }
});
