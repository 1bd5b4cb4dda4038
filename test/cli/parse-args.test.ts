import t from 'tap';
import { parseArgs } from '../../src/cli/parse-args.ts';
import { helpText } from '../../src/cli/help-text.ts';
import { USAGE_ERROR_CODE, USAGE_EXIT_CODE, UsageError } from '../../src/cli/usage-error.ts';
import type { CliCommand } from '../../src/cli/types.ts';
import { thrown } from '../helpers/expect-throw.ts';

const DEMO_DEFAULTS = { command: 'demo', host: '127.0.0.1', port: 9464, rate: 50, logFormat: 'text' } as const;
const SERVE = ['serve', '--prometheus', 'http://parsec:9090/metrics'];
const SERVE_DEFAULTS = { command: 'serve', prometheus: 'http://parsec:9090/metrics', host: '127.0.0.1', port: 9464, logFormat: 'text' } as const;

const VALID: [string[], CliCommand][] = [
  [['demo'], DEMO_DEFAULTS],
  [['demo', '--port', '8080'], { ...DEMO_DEFAULTS, port: 8080 }],
  [['demo', '--port=8080'], { ...DEMO_DEFAULTS, port: 8080 }],
  [['demo', '--port', '0'], { ...DEMO_DEFAULTS, port: 0 }],
  [['demo', '--port', '65535'], { ...DEMO_DEFAULTS, port: 65535 }],
  [['demo', '--host', '0.0.0.0'], { ...DEMO_DEFAULTS, host: '0.0.0.0' }],
  [['demo', '--host=::1'], { ...DEMO_DEFAULTS, host: '::1' }],
  [['demo', '--host', 'parsec-node.local'], { ...DEMO_DEFAULTS, host: 'parsec-node.local' }],
  [['demo', '--rate', '200'], { ...DEMO_DEFAULTS, rate: 200 }],
  [['demo', '--rate=0.5'], { ...DEMO_DEFAULTS, rate: 0.5 }],
  [['demo', '--rate', '.25'], { ...DEMO_DEFAULTS, rate: 0.25 }],
  [['demo', '--rate', '5e4'], { ...DEMO_DEFAULTS, rate: 50_000 }],
  [['demo', '--rate', '1000000'], { ...DEMO_DEFAULTS, rate: 1_000_000 }],
  [['demo', '--otlp', 'http://localhost:4318'], { ...DEMO_DEFAULTS, otlp: 'http://localhost:4318' }],
  [['demo', '--otlp=https://collector.example/v1/metrics'], { ...DEMO_DEFAULTS, otlp: 'https://collector.example/v1/metrics' }],
  [['demo', '--redis', 'redis://localhost:6379'], { ...DEMO_DEFAULTS, redis: 'redis://localhost:6379' }],
  [['demo', '--redis', 'rediss://default:secret@cache:6380/0'], { ...DEMO_DEFAULTS, redis: 'rediss://default:secret@cache:6380/0' }],
  [['demo', '--token', 's3cr3t-T0ken_~+/=='], { ...DEMO_DEFAULTS, token: 's3cr3t-T0ken_~+/==' }],
  [['demo', '--token=p@ss!w#rd=1'], { ...DEMO_DEFAULTS, token: 'p@ss!w#rd=1' }],
  [
    ['demo', '--rate', '200', '--port=0', '--host', '127.0.0.1', '--otlp', 'http://c:4318', '--redis=redis://r'],
    { command: 'demo', host: '127.0.0.1', port: 0, rate: 200, otlp: 'http://c:4318', redis: 'redis://r', logFormat: 'text' },
  ],
  [SERVE, SERVE_DEFAULTS],
  [['serve', '--prometheus=https://p/metrics', '--port', '9000', '--host', '0.0.0.0'], { command: 'serve', prometheus: 'https://p/metrics', host: '0.0.0.0', port: 9000, logFormat: 'text' }],
  [['demo', '--log-level', 'DEBUG', '--log-format', 'json'], { ...DEMO_DEFAULTS, logLevel: 'debug', logFormat: 'json' }],
  [[...SERVE, '--log-level=none'], { ...SERVE_DEFAULTS, logLevel: 'none' }],
  [['--help'], { command: 'help', text: helpText() }],
  [['-h'], { command: 'help', text: helpText() }],
  [['help'], { command: 'help', text: helpText() }],
  [['help', '--help'], { command: 'help', text: helpText() }],
  [['help', 'demo'], { command: 'help', text: helpText('demo') }],
  [['help', 'serve'], { command: 'help', text: helpText('serve') }],
  [['--help', 'serve'], { command: 'help', text: helpText('serve') }],
  [['demo', '--help'], { command: 'help', text: helpText('demo') }],
  [['demo', '-h'], { command: 'help', text: helpText('demo') }],
  [['demo', '--port', 'nope', '--help'], { command: 'help', text: helpText('demo') }],
  [['serve', '-h'], { command: 'help', text: helpText('serve') }],
  [['serve', '--help'], { command: 'help', text: helpText('serve') }],
  [['--version'], { command: 'version' }],
  [['-V'], { command: 'version' }],
  [['demo', '--version'], { command: 'version' }],
  [['serve', '--port', 'nope', '-V'], { command: 'version' }],
];

for (const [argv, expected] of VALID) {
  t.test(`valid: ${argv.join(' ') || '(nothing)'}`, async (t) => {
    t.strictSame(parseArgs(argv), expected);
  });
}

// [argv, the option the error names (or undefined), the command, what the message says]
const INVALID: [string[], string | undefined, string | undefined, RegExp][] = [
  [[], undefined, undefined, /^missing command \(expected one of: demo, serve, help\)$/],
  [['launch'], undefined, undefined, /^unknown command "launch" \(expected one of: demo, serve, help\)$/],
  [['--port', '80'], '--port', undefined, /^unknown option "--port" \(options go after the command/],
  [['--rate=5', 'demo'], '--rate', undefined, /^unknown option "--rate=5"/],
  [['help', 'launch'], undefined, undefined, /^no help for "launch"/],
  [['help', 'demo', 'now'], undefined, undefined, /^unexpected argument "now" after "help demo"$/],
  [['demo', '--verbose'], '--verbose', 'demo', /^unknown option "--verbose" for "parsec-telemetry demo"$/],
  [['demo', '--verbose=1'], '--verbose', 'demo', /^unknown option "--verbose" for "parsec-telemetry demo"$/],
  [['demo', '-p', '80'], '-p', 'demo', /^unknown option "-p"/],
  [['demo', '--prometheus', 'http://p'], '--prometheus', 'demo', /^unknown option "--prometheus"/],
  [['serve', '--prometheus', 'http://p', '--rate', '5'], '--rate', 'serve', /^unknown option "--rate" for "parsec-telemetry serve"$/],
  [['demo', 'fast'], undefined, 'demo', /^unexpected argument "fast" for "parsec-telemetry demo"$/],
  [['demo', '-'], undefined, 'demo', /^unexpected argument "-"/],
  [['demo', '--', '--port'], undefined, 'demo', /^unexpected argument "--"/],
  [['demo', '--help=yes'], '--help', 'demo', /^option --help takes no value$/],
  [['demo', '--version=1'], '--version', 'demo', /^option --version takes no value$/],
  [['demo', '--log-level', 'loud'], '--log-level', 'demo', /^invalid value for --log-level: expected one of none, error, warn, info, debug, verbose, all, got "loud"$/],
  [['serve', '--prometheus', 'http://p', '--log-format', 'xml'], '--log-format', 'serve', /^invalid value for --log-format: expected text or json, got "xml"$/],
  [['demo', '--port'], '--port', 'demo', /^option --port needs a value \(--port PORT\)$/],
  [['demo', '--port='], '--port', 'demo', /^option --port needs a value/],
  [['demo', '--port', '--rate', '5'], '--port', 'demo', /^option --port needs a value/],
  [['demo', '--port', '80', '--port', '81'], '--port', 'demo', /^option --port given more than once$/],
  [['demo', '--port=80', '--port', '80'], '--port', 'demo', /given more than once/],
  [['demo', '--port', 'http'], '--port', 'demo', /^invalid value for --port: expected an integer from 0 to 65535, got "http"$/],
  [['demo', '--port', '65536'], '--port', 'demo', /^invalid value for --port: .* got "65536"$/],
  [['demo', '--port', '-1'], '--port', 'demo', /^invalid value for --port: .* got "-1"$/],
  [['demo', '--port', '80.5'], '--port', 'demo', /^invalid value for --port/],
  [['demo', '--port', ' 80'], '--port', 'demo', /^invalid value for --port/],
  [['demo', '--port', '123456'], '--port', 'demo', /^invalid value for --port/],
  [['demo', '--rate', '0'], '--rate', 'demo', /^invalid value for --rate: expected a number greater than 0 and at most 1000000, got "0"$/],
  [['demo', '--rate', '-5'], '--rate', 'demo', /^invalid value for --rate: .* got "-5"$/],
  [['demo', '--rate', '1000001'], '--rate', 'demo', /^invalid value for --rate/],
  [['demo', '--rate', 'fast'], '--rate', 'demo', /^invalid value for --rate/],
  [['demo', '--rate', '0x10'], '--rate', 'demo', /^invalid value for --rate/],
  [['demo', '--rate', 'Infinity'], '--rate', 'demo', /^invalid value for --rate/],
  [['demo', '--rate', '1e400'], '--rate', 'demo', /^invalid value for --rate/],
  [['demo', '--host', 'bad host'], '--host', 'demo', /^invalid value for --host: expected a host name or IP address, got "bad host"$/],
  [['demo', '--host', '[::1]'], '--host', 'demo', /^invalid value for --host/],
  [['demo', '--host', 'a'.repeat(254)], '--host', 'demo', /^invalid value for --host: .* got "a{40}…"$/],
  [['demo', '--otlp', 'localhost:4318'], '--otlp', 'demo', /^invalid value for --otlp: expected an http:\/\/ or https:\/\/ URL, got "localhost:4318"$/],
  [['demo', '--otlp', 'not a url'], '--otlp', 'demo', /^invalid value for --otlp/],
  [['demo', '--otlp', 'ftp://collector'], '--otlp', 'demo', /^invalid value for --otlp/],
  [['demo', '--otlp', 'grpc://collector:4317'], '--otlp', 'demo', /^invalid value for --otlp/],
  [['demo', '--redis', 'http://cache:6379'], '--redis', 'demo', /^invalid value for --redis: expected a redis:\/\/ or rediss:\/\/ URL, got "http:\/\/cache:6379"$/],
  [['demo', '--redis', 'localhost:6379'], '--redis', 'demo', /^invalid value for --redis/],
  [['demo', '--redis', 'redis://'], '--redis', 'demo', /^invalid value for --redis/],
  [['demo', '--token', 'two words'], '--token', 'demo', /^invalid value for --token: expected a token of visible ASCII characters, without spaces$/],
  [['demo', '--token', 'tökén'], '--token', 'demo', /^invalid value for --token/],
  [['demo', '--token', 'tab\there'], '--token', 'demo', /^invalid value for --token/],
  [['serve'], '--prometheus', 'serve', /^missing required option --prometheus URL$/],
  [['serve', '--port', '9000'], '--prometheus', 'serve', /^missing required option --prometheus/],
  [['serve', '--prometheus', 'file:///etc/passwd'], '--prometheus', 'serve', /^invalid value for --prometheus: expected an http:\/\/ or https:\/\/ URL/],
  [[...SERVE, '--port', 'x'], '--port', 'serve', /^invalid value for --port/],
];

for (const [argv, option, command, message] of INVALID) {
  t.test(`invalid: ${argv.join(' ').slice(0, 60) || '(nothing)'}`, async (t) => {
    const err = thrown(() => parseArgs(argv));
    t.type(err, UsageError);
    const u = err as UsageError;
    t.match(u.message, message);
    t.equal(u.option, option, 'names the option');
    t.equal(u.command, command, 'names the command');
    t.equal(u.code, USAGE_ERROR_CODE);
    t.equal(u.exitCode, USAGE_EXIT_CODE);
  });
}

t.test('a bad token or a password is never echoed', async (t) => {
  const token = thrown(() => parseArgs(['demo', '--token', 'hunter2 oops'])) as UsageError;
  t.notMatch(token.message, 'hunter2');
  const redis = thrown(() => parseArgs(['demo', '--redis', 'https://admin:hunter2@cache:6379'])) as UsageError;
  t.notMatch(redis.message, 'hunter2');
  t.match(redis.message, 'https://admin:***@cache:6379');
  const otlp = thrown(() => parseArgs(['demo', '--otlp', 'ftp://u:hunter2@c'])) as UsageError;
  t.notMatch(otlp.message, 'hunter2');
});

t.test('parsing is pure: the same argv gives the same result, argv is not changed', async (t) => {
  const argv = Object.freeze(['demo', '--rate', '200']);
  t.strictSame(parseArgs(argv), parseArgs(argv));
  t.strictSame(argv, ['demo', '--rate', '200']);
});
