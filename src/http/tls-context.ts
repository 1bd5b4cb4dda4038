import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { InvalidOptionError } from '../errors/errors.ts';
import { checkObject } from '../errors/validate.ts';
import type { TlsOptions } from './types.ts';

/** TLS settings after checks: what `https.createServer` and `setSecureContext` take. */
export interface ResolvedTls {
  readonly context: SecureContextOptions;
  /** Ask every client for a certificate and refuse, during the handshake, one that does not chain to `ca`. */
  readonly requestCert: boolean;
}

function checkPem(option: string, value: unknown): string | Buffer {
  if ((typeof value === 'string' || Buffer.isBuffer(value)) && value.length > 0) return value;
  throw new InvalidOptionError(option, 'a PEM string or Buffer', value);
}

function parse<T>(option: string, expected: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    throw new InvalidOptionError(option, `${expected} (${(err as Error).message})`, '(PEM)');
  }
}

/**
 * Checks TLS options: `cert` and `key` are required PEM, `ca` optional PEM;
 * `requestClientCert` (default: whether `ca` is given) needs `ca`. The
 * pair is loaded once here, so a key that does not match its certificate,
 * or PEM that does not parse, is an InvalidOptionError now, not a failed
 * handshake later.
 */
export function resolveTls(tls: unknown, option = 'tls'): ResolvedTls {
  const o = checkObject(option, tls) as Partial<TlsOptions>;
  const cert = checkPem(`${option}.cert`, o.cert);
  const key = checkPem(`${option}.key`, o.key);
  const ca = o.ca === undefined ? undefined : checkPem(`${option}.ca`, o.ca);
  const requestCert = o.requestClientCert ?? ca !== undefined;
  if (typeof requestCert !== 'boolean') throw new InvalidOptionError(`${option}.requestClientCert`, 'a boolean', requestCert);
  if (requestCert && ca === undefined) throw new InvalidOptionError(`${option}.ca`, 'the CA that client certificates must chain to (requestClientCert is set)', undefined);
  const certificate = parse(`${option}.cert`, 'a PEM certificate', () => new X509Certificate(cert));
  const privateKey = parse(`${option}.key`, 'a PEM private key', () => createPrivateKey(key));
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new InvalidOptionError(`${option}.key`, `the private key of the certificate in ${option}.cert`, '(another key)');
  }
  if (ca !== undefined) parse(`${option}.ca`, 'PEM CA certificates', () => new X509Certificate(ca));
  const context: SecureContextOptions = ca === undefined ? { cert, key } : { cert, key, ca };
  parse(option, 'a certificate chain and key that TLS can load', () => createSecureContext(context));
  return { context, requestCert };
}
