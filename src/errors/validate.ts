import { InvalidOptionError } from './errors.ts';

/**
 * Option checks shared by every constructor. Each returns the value when it
 * is valid and throws an InvalidOptionError naming the option otherwise.
 */

/** A finite number ≥ `min` (an integer when `integer` is set). */
export function checkNumber(option: string, value: unknown, min: number, integer = true): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && (!integer || Number.isInteger(value));
  if (!ok) throw new InvalidOptionError(option, `${integer ? 'an integer' : 'a finite number'} >= ${min}`, value);
  return value;
}

/** A non-empty string without control characters. */
export function checkString(option: string, value: unknown): string {
  // eslint-disable-next-line no-control-regex -- control characters are what the check looks for
  if (typeof value !== 'string' || value.length === 0 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidOptionError(option, 'a non-empty string without control characters', value);
  }
  return value;
}

/** A function. */
export function checkFunction<T extends (...args: never[]) => unknown>(option: string, value: unknown): T {
  if (typeof value !== 'function') throw new InvalidOptionError(option, 'a function', value);
  return value as T;
}

/**
 * A plain object (or undefined, which reads as `{}`), returned as a copy of
 * its own enumerable properties: reading the copy runs no getter or proxy
 * trap, so an options object that throws when read (a revoked proxy, a
 * getter that throws) is refused here as an InvalidOptionError.
 */
export function checkObject(option: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object') throw new InvalidOptionError(option, 'an object', value);
  try {
    if (!Array.isArray(value)) return { ...value };
  } catch {
    // unreadable: refused below
  }
  throw new InvalidOptionError(option, 'an object', value);
}
