import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { writeResponse } from './write-response.ts';

const gzipAsync = promisify(gzip);

/** Bodies shorter than this, in bytes, are sent as they are: gzip would save next to nothing. */
export const MIN_COMPRESSED_BYTES = 1024;

/**
 * A response body that several requests may share (a snapshot, a
 * `/metrics` collection): its text, and its gzip encoding made once, on the
 * first request that asks for it, off the event loop (node:zlib's pool).
 */
export class CompressibleBody {
  readonly text: string;
  private _gzip: Promise<Buffer> | undefined;

  constructor(text: string) {
    this.text = text;
  }

  /** The gzip encoding of {@link text}, made once. */
  gzip(): Promise<Buffer> {
    return (this._gzip ??= gzipAsync(this.text));
  }
}

/**
 * Whether the request's `Accept-Encoding` takes gzip: `gzip` or `*` with a
 * q-value above 0 (and no `gzip;q=0` beside a `*`).
 */
export function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  let gzipQ: number | undefined;
  let anyQ: number | undefined;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (coding.trim() === 'gzip') gzipQ = q;
    else if (coding.trim() === '*') anyQ = q;
  }
  const q = gzipQ ?? anyQ ?? 0;
  return Number.isFinite(q) && q > 0;
}

/**
 * Writes a whole response from a shared body, gzip-encoded when the client
 * takes it and the body is worth it, always with `Vary: Accept-Encoding`
 * and `cache-control: no-store`. Status and headers are written only once
 * the bytes are ready; nothing is written to a response already sent or
 * whose client has gone. HEAD gets the headers the GET would. (It could
 * reject only if zlib failed to compress a string, that is out of memory.)
 */
export async function respondBody(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  contentType: string,
  body: CompressibleBody,
): Promise<void> {
  let bytes: string | Buffer = body.text;
  let encoding: Record<string, string> = {};
  if (Buffer.byteLength(body.text) >= MIN_COMPRESSED_BYTES && acceptsGzip(req)) {
    bytes = await body.gzip();
    encoding = { 'content-encoding': 'gzip' };
  }
  writeResponse(req, res, status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(bytes),
    'cache-control': 'no-store',
    vary: 'Accept-Encoding',
    ...encoding,
  }, bytes);
}
