/** Longest error message a snapshot repeats; longer ones are cut there and end with `…`. */
export const MAX_ERROR_MESSAGE_LENGTH = 512;

/** `text`, cut to `max` characters (the last one `…`) when longer. */
export function clip(text: string, max: number = MAX_ERROR_MESSAGE_LENGTH): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * What a thrown value says, for the snapshot's `errors`: an Error's
 * message, a string as it is, a primitive as `String()` writes it, and
 * anything else a fixed text, at most {@link MAX_ERROR_MESSAGE_LENGTH}
 * characters. Never throws, whatever was thrown: an object is never turned
 * into a string (its `toString` could throw), and reading an Error's
 * `message` (a getter, a revoked proxy) is guarded.
 */
export function describeError(err: unknown): string {
  switch (typeof err) {
    case 'string':
      return clip(err);
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'undefined':
      return clip(String(err));
    case 'symbol':
      return clip(`a symbol (${err.description ?? ''})`);
    default:
      break;
  }
  if (err === null) return 'null';
  try {
    if (!(err instanceof Error)) return 'a thrown value that is not an Error';
    const message: unknown = err.message;
    return typeof message === 'string' ? clip(message) : 'an Error without a message';
  } catch {
    return 'a thrown value whose message cannot be read';
  }
}
