import { describe } from '../errors/errors.ts';
import { COMMANDS, isCommandName, type FlagSpec } from './commands.ts';
import { helpText } from './help-text.ts';
import type { CliCommand, CommandName } from './types.ts';
import { UsageError } from './usage-error.ts';

const COMMAND_LIST = 'demo, serve, help';

function isHelpFlag(arg: string): boolean {
  return arg === '--help' || arg === '-h';
}

function isVersionFlag(arg: string): boolean {
  return arg === '--version' || arg === '-V';
}

/**
 * Parses the arguments of the `parsec-telemetry` command (without the node
 * and script paths: `process.argv.slice(2)`). Pure: reads nothing but
 * `argv`. Returns the command to run with every option defaulted and
 * validated, `{ command: 'help', text }` for `--help`, `-h` and `help`, or
 * `{ command: 'version' }` for `--version` and `-V` (also after a command).
 * Throws a {@link UsageError} naming the command and option at fault.
 *
 * Options are written `--flag value` or `--flag=value`, each at most once,
 * after the command. `--help` anywhere after a command asks for its help.
 */
export function parseArgs(argv: readonly string[]): CliCommand {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError(`missing command (expected one of: ${COMMAND_LIST})`);
  if (isVersionFlag(first)) return { command: 'version' };
  if (first === 'help' || isHelpFlag(first)) return help(rest);
  if (isCommandName(first)) return parseCommand(first, rest);
  if (first.startsWith('-')) {
    throw new UsageError(`unknown option ${describe(first)} (options go after the command: ${COMMAND_LIST})`, { option: optionName(first) });
  }
  throw new UsageError(`unknown command ${describe(first)} (expected one of: ${COMMAND_LIST})`);
}

function help(args: readonly string[]): CliCommand {
  const [topic, ...extra] = args;
  if (topic === undefined || isHelpFlag(topic)) return { command: 'help', text: helpText() };
  if (!isCommandName(topic)) throw new UsageError(`no help for ${describe(topic)} (expected one of: demo, serve)`);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${describe(extra[0])} after "help ${topic}"`);
  return { command: 'help', text: helpText(topic) };
}

function optionName(arg: string): string {
  const eq = arg.indexOf('=');
  return eq < 0 ? arg : arg.slice(0, eq);
}

function parseCommand(command: CommandName, args: readonly string[]): CliCommand {
  if (args.some(isHelpFlag)) return { command: 'help', text: helpText(command) };
  if (args.some(isVersionFlag)) return { command: 'version' };
  const spec = COMMANDS[command];
  const flags = new Map<string, FlagSpec>(spec.flags.map((f) => [f.flag, f]));
  const given = new Map<FlagSpec, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('-') || arg === '-' || arg === '--') {
      throw new UsageError(`unexpected argument ${describe(arg)} for "parsec-telemetry ${command}"`, { command });
    }
    const name = optionName(arg);
    const inline = name === arg ? undefined : arg.slice(name.length + 1);
    if (isHelpFlag(name) || isVersionFlag(name)) throw new UsageError(`option ${name} takes no value`, { command, option: name });
    const flag = flags.get(name);
    if (flag === undefined) {
      throw new UsageError(`unknown option ${describe(name)} for "parsec-telemetry ${command}"`, { command, option: name });
    }
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      // A following option is not a value; a negative number is (and fails validation with a clear message).
      if (next !== undefined && (!next.startsWith('-') || /^-[\d.]/.test(next))) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '') {
      throw new UsageError(`option ${name} needs a value (${name} ${flag.placeholder})`, { command, option: name });
    }
    if (given.has(flag)) throw new UsageError(`option ${name} given more than once`, { command, option: name });
    given.set(flag, value);
  }
  const result: Record<string, string | number> = { command };
  for (const flag of spec.flags) {
    const value = given.get(flag);
    if (value !== undefined) result[flag.key] = flag.parse(flag.flag, value, command);
    else if (flag.defaultValue !== undefined) result[flag.key] = flag.defaultValue;
    else if (flag.required === true) {
      throw new UsageError(`missing required option ${flag.flag} ${flag.placeholder}`, { command, option: flag.flag });
    }
  }
  return result as unknown as CliCommand;
}
