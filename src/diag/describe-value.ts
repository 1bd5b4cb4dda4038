import { types } from 'node:util';

/** Most characters of a string (or an error message) a description shows. */
const SHOWN_CHARS = 40;
const SHOWN_MESSAGE_CHARS = 200;

/**
 * A short rendering of any JavaScript value for a message, that never throws
 * and never runs the value's own code: no `toString`, `valueOf`,
 * `Symbol.toPrimitive`, getter or proxy trap is called, and a huge string or
 * array costs no more than a small one. Strings show their first 40
 * characters (JSON-quoted), numbers, booleans and small bigints their value,
 * everything else its kind (`an array`, `a proxy`, `a symbol`, `a object`).
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > SHOWN_CHARS ? `${value.slice(0, SHOWN_CHARS)}…` : value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return value >= -(2n ** 64n) && value <= 2n ** 64n ? String(value) : 'a bigint';
    case 'function':
      return 'a function';
    case 'object':
      if (value === null) return 'null';
      // Checked first: Array.isArray and instanceof run a proxy's traps (and throw on a revoked one).
      if (types.isProxy(value)) return 'a proxy';
      if (Array.isArray(value)) return 'an array';
      return 'a object';
    default:
      return `a ${typeof value}`;
  }
}

/**
 * What went wrong, from anything a callback threw or rejected with: the
 * message of a real Error (its own data property, at most `maxChars`, by default 200, characters),
 * else {@link describeValue} of the value. Never throws, never runs user code.
 */
export function describeError(err: unknown, maxChars: number = SHOWN_MESSAGE_CHARS): string {
  if (typeof err === 'object' && err !== null && !types.isProxy(err) && types.isNativeError(err)) {
    const own = Object.getOwnPropertyDescriptor(err, 'message');
    const message: unknown = own === undefined ? undefined : own.value;
    if (typeof message === 'string' && message.length > 0) {
      return message.length > maxChars ? `${message.slice(0, maxChars)}…` : message;
    }
    return 'an error without a message';
  }
  return `threw ${describeValue(err)}`;
}
