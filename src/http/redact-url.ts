/** What a hidden password reads as. */
export const HIDDEN = '***';

/** `url` with any password replaced by `***`, for messages; an unparsable URL is not repeated at all. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password === '') return url;
    u.password = HIDDEN;
    return u.href;
  } catch {
    return '(an invalid URL)';
  }
}

// `scheme://user:password@` anywhere in a text: the password is whatever runs
// up to the last `@` before the host (passwords may hold `@`, `/` is a path).
const CREDENTIALS = /([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/:@"']*):[^\s/"']*@/g;

/**
 * `text` with the password of every URL in it replaced by `***` (messages
 * that quote a URL, such as an invalid option's, pass through here before
 * they are printed).
 */
export function redactText(text: string): string {
  return text.replace(CREDENTIALS, `$1:${HIDDEN}@`);
}
