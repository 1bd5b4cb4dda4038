import { COMMANDS } from './commands.ts';
import type { CommandName } from './types.ts';

const BIN = 'parsec-telemetry';

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}

/**
 * The help text of a command, or of the whole `parsec-telemetry` command
 * when `command` is undefined. Every option is listed with its default.
 * Ends with a newline.
 */
export function helpText(command?: CommandName): string {
  if (command === undefined) {
    const commands = Object.values(COMMANDS).map((c) => [c.name, c.summary] as const);
    return [
      `Usage: ${BIN} <command> [options]`,
      '',
      'Commands:',
      table([...commands, ['help [COMMAND]', 'show this help, or the help of a command']]),
      '',
      'Options:',
      table([['-h, --help', 'show this help'], ['-V, --version', 'print the version']]),
      '',
      `Run "${BIN} <command> --help" for the options of a command.`,
      '',
    ].join('\n');
  }
  const spec = COMMANDS[command];
  const usage = spec.flags.map((f) => (f.required === true ? `${f.flag} ${f.placeholder}` : `[${f.flag} ${f.placeholder}]`));
  const rows = spec.flags.map((f) => [`${f.flag} ${f.placeholder}`, `${f.description} (${f.required === true ? 'required' : `default: ${f.defaultText}`})`] as const);
  return [
    `Usage: ${BIN} ${command} ${usage.join(' ')}`,
    '',
    spec.description,
    '',
    'Options:',
    table([...rows, ['-h, --help', 'show this help'], ['-V, --version', 'print the version']]),
    '',
    `Options take their value as "--flag value" or "--flag=value".`,
    '',
  ].join('\n');
}
