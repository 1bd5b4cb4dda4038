import t from 'tap';
import { USAGE_ERROR_CODE, USAGE_EXIT_CODE, UsageError } from '../../src/cli/usage-error.ts';

t.test('a usage error carries a stable code, the exit status and a help hint', async (t) => {
  const top = new UsageError('missing command');
  t.type(top, Error);
  t.equal(top.name, 'UsageError');
  t.equal(top.code, 'PARSEC_TELEMETRY_USAGE');
  t.equal(USAGE_ERROR_CODE, 'PARSEC_TELEMETRY_USAGE');
  t.equal(top.exitCode, 2);
  t.equal(USAGE_EXIT_CODE, 2);
  t.equal(top.command, undefined);
  t.equal(top.option, undefined);
  t.equal(top.helpHint, 'Run "parsec-telemetry --help" for usage.');

  const inDemo = new UsageError('option --port needs a value', { command: 'demo', option: '--port' });
  t.equal(inDemo.message, 'option --port needs a value');
  t.equal(inDemo.command, 'demo');
  t.equal(inDemo.option, '--port');
  t.equal(inDemo.helpHint, 'Run "parsec-telemetry demo --help" for usage.');
});
