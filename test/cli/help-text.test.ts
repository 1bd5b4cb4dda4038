import t from 'tap';
import { helpText } from '../../src/cli/help-text.ts';

t.test('the top-level help lists every command and --help', async (t) => {
  const text = helpText();
  t.match(text, /^Usage: parsec-telemetry <command> \[options\]\n/);
  for (const line of [/^ {2}demo +run a simulated Parsec node/m, /^ {2}serve +serve the cluster snapshot of every Parsec node/m, /^ {2}help \[COMMAND\] +show this help/m, /^ {2}-h, --help +show this help$/m]) {
    t.match(text, line);
  }
  t.ok(text.endsWith('\n'));
});

t.test('demo help lists every option with its default', async (t) => {
  const text = helpText('demo');
  t.match(text, /^Usage: parsec-telemetry demo \[--host HOST\] \[--port PORT\] \[--rate N\] \[--otlp URL\] \[--redis URL\] \[--token TOKEN\] \[--tls-cert FILE\] \[--tls-key FILE\] \[--tls-client-ca FILE\] \[--log-level LEVEL\] \[--log-format FORMAT\]\n/);
  const expected: [string, string][] = [
    ['--host HOST', 'default: 127.0.0.1'],
    ['--port PORT', 'default: 9464'],
    ['--rate N', 'default: 50'],
    ['--otlp URL', 'default: OTEL_EXPORTER_OTLP_METRICS_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT if set, else off'],
    ['--redis URL', 'default: off, an in-memory LRU cache'],
    ['--token TOKEN', 'default: PARSEC_TELEMETRY_TOKEN if set, else none'],
  ];
  for (const [flag, def] of expected) {
    const line = text.split('\n').find((l) => l.trimStart().startsWith(`${flag} `));
    t.ok(line?.includes(`(${def}`), `${flag}: ${line}`);
  }
  t.match(text, /^ {2}-h, --help +show this help$/m);
  t.match(text, '"--flag value" or "--flag=value"');
});

t.test('serve help marks --prometheus required and defaults the rest', async (t) => {
  const text = helpText('serve');
  t.match(text, /^Usage: parsec-telemetry serve --prometheus URL \[--host HOST\] \[--port PORT\] \[--tls-cert FILE\] \[--tls-key FILE\] \[--tls-client-ca FILE\] \[--log-level LEVEL\] \[--log-format FORMAT\]\n/);
  t.match(text, /^ {2}--prometheus URL +base URL of the Prometheus HTTP API, http:\/\/ or https:\/\/, e\.g\. http:\/\/127\.0\.0\.1:9090 \(queried at \/api\/v1\/query\) \(required\)$/m);
  t.match(text, /^ {2}--host HOST +.*\(default: 127\.0\.0\.1\)$/m);
  t.match(text, /^ {2}--port PORT +.*\(default: 9464\)$/m);
});
