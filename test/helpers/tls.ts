import { execFileSync } from 'node:child_process';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its private key, PEM-encoded. */
export interface TestCertificate {
  cert: string;
  key: string;
}

/** A throwaway certificate authority that issues certificates for tests. */
export interface TestCa extends TestCertificate {
  /** A certificate for `cn` (also valid for 127.0.0.1 and localhost), signed by this CA. */
  issue(cn: string): TestCertificate;
}

function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'parsec-tls-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const SAN = 'subjectAltName=IP:127.0.0.1,DNS:localhost';

/** Makes a throwaway self-signed certificate for 127.0.0.1 and localhost with `openssl` (path from requireProgram). */
export function selfSignedCertificate(openssl: string): TestCertificate {
  return inTempDir((dir) => {
    execFileSync(openssl, ['req', '-x509', ...EC, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', SAN, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
    return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
  });
}

/** Makes a throwaway CA with `openssl`. */
export function testCa(openssl: string): TestCa {
  const ca = inTempDir((dir) => {
    execFileSync(openssl, ['req', '-x509', ...EC, '-days', '1', '-subj', '/CN=parsec test CA', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem')], { stdio: 'pipe' });
    return { cert: readFileSync(join(dir, 'ca.pem'), 'utf8'), key: readFileSync(join(dir, 'ca.key'), 'utf8') };
  });
  return {
    ...ca,
    issue: (cn) =>
      inTempDir((dir) => {
        const w = (name: string, text: string) => execFileSync('sh', ['-c', `cat > ${join(dir, name)}`], { input: text });
        w('ca.pem', ca.cert);
        w('ca.key', ca.key);
        w('ext.cnf', `${SAN}\nextendedKeyUsage=serverAuth,clientAuth\n`);
        execFileSync(openssl, ['req', ...EC, '-subj', `/CN=${cn}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'req.csr')], { stdio: 'pipe' });
        execFileSync(openssl, ['x509', '-req', '-in', join(dir, 'req.csr'), '-CA', join(dir, 'ca.pem'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial', '-days', '1', '-extfile', join(dir, 'ext.cnf'), '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
        return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
      }),
  };
}

/** An HTTPS answer and the certificate the server presented. */
export interface HttpsAnswer {
  status: number;
  body: string;
  /** SHA-256 fingerprint of the server's certificate. */
  fingerprint: string;
}

/** GET over HTTPS on a connection of its own, trusting `ca`, presenting `client` when given. */
export function httpsGet(url: string, ca: string, client?: TestCertificate): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false, ...(client === undefined ? {} : { cert: client.cert, key: client.key }) }, (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, fingerprint }));
    });
    req.on('error', reject);
    req.end();
  });
}
