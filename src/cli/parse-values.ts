import { describe } from '../errors/errors.ts';
import { MAX_RATE } from './cli-defaults.ts';
import { LOG_LEVELS, logLevelOf, type LogFormat, type LogLevelName } from './cli-logger.ts';
import { UsageError } from './usage-error.ts';

/** Parses one option value; throws a UsageError naming the option. */
export type ValueParser<T> = (option: string, value: string, command: string) => T;

function invalid(option: string, command: string, expected: string, value: string | undefined): UsageError {
  const got = value === undefined ? '' : `, got ${describe(value)}`;
  return new UsageError(`invalid value for ${option}: expected ${expected}${got}`, { command, option });
}

const HOST = /^[A-Za-z0-9._:%-]{1,253}$/;

/** A host name or IP address to listen on (IPv6 without brackets). */
export const parseHost: ValueParser<string> = (option, value, command) => {
  if (!HOST.test(value)) throw invalid(option, command, 'a host name or IP address', value);
  return value;
};

/** A TCP port: an integer from 0 to 65535. */
export const parsePort: ValueParser<number> = (option, value, command) => {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port <= 65535)) throw invalid(option, command, 'an integer from 0 to 65535', value);
  return port;
};

/** A rate: a decimal number greater than 0 and at most {@link MAX_RATE}. */
export const parseRate: ValueParser<number> = (option, value, command) => {
  const rate = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(rate > 0 && rate <= MAX_RATE)) throw invalid(option, command, `a number greater than 0 and at most ${MAX_RATE}`, value);
  return rate;
};

function urlWith(protocols: readonly string[], what: string): ValueParser<string> {
  return (option, value, command) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw invalid(option, command, what, value);
    }
    if (!protocols.includes(url.protocol) || url.hostname === '') {
      // Never echo a password given in the URL.
      if (url.password !== '') url.password = '***';
      throw invalid(option, command, what, url.password === '' ? value : url.href);
    }
    return value;
  };
}

/** An `http://` or `https://` URL (kept as given). */
export const parseHttpUrl: ValueParser<string> = urlWith(['http:', 'https:'], 'an http:// or https:// URL');

/** A `redis://` or `rediss://` URL (kept as given). */
export const parseRedisUrl: ValueParser<string> = urlWith(['redis:', 'rediss:'], 'a redis:// or rediss:// URL');

/** A bearer token: visible ASCII characters, no spaces (what the HTTP server accepts). Never echoed in errors. */
export const parseToken: ValueParser<string> = (option, value, command) => {
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw invalid(option, command, 'a token of visible ASCII characters, without spaces', undefined);
  }
  return value;
};

/** A log level: one of none, error, warn, info, debug, verbose, all. */
export const parseLogLevel: ValueParser<LogLevelName> = (option, value, command) => {
  const level = logLevelOf(value);
  if (level === undefined) throw invalid(option, command, `one of ${Object.keys(LOG_LEVELS).join(', ')}`, value);
  return level;
};

/** A log format: text or json. */
export const parseLogFormat: ValueParser<LogFormat> = (option, value, command) => {
  if (value !== 'text' && value !== 'json') throw invalid(option, command, 'text or json', value);
  return value;
};

/** A file path: non-empty, without control characters (read when the command starts). */
export const parseFilePath: ValueParser<string> = (option, value, command) => {
  // eslint-disable-next-line no-control-regex -- control characters are what the check looks for
  if (/[\u0000-\u001f]/.test(value)) throw invalid(option, command, 'a file path', value);
  return value;
};
