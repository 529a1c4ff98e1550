// A local HTTP server for template/ISO download tests: serves registered files (optionally
// slowly, in chunks, so a test can watch a download in progress) and 404 for anything else.
import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { qcow2Header } from '../../src/drivers/testkit/storage.js';

export interface ImageServer {
  readonly base: string;
  /** Serves `body` at `path`; with `chunkDelayMs`, in 64-byte chunks with a pause after each. */
  serve(path: string, body: Buffer, opts?: { chunkDelayMs?: number }): string;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A qcow2 image of the given virtual size, padded to `bytes` (default: just the header). */
export function qcow2Image(virtualSize: number, bytes = 512): Buffer {
  const b = Buffer.alloc(Math.max(bytes, 512));
  qcow2Header(virtualSize).copy(b);
  return b;
}

export async function startImageServer(): Promise<ImageServer> {
  const files = new Map<string, { body: Buffer; chunkDelayMs?: number }>();
  const requests: string[] = [];
  const http: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(path);
    const f = files.get(path);
    if (!f) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': f.body.length, 'content-type': 'application/octet-stream' });
    if (!f.chunkDelayMs) {
      res.end(f.body);
      return;
    }
    let off = 0;
    const next = () => {
      if (off >= f.body.length || res.destroyed) {
        res.end();
        return;
      }
      res.write(f.body.subarray(off, off + 64));
      off += 64;
      setTimeout(next, f.chunkDelayMs);
    };
    next();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    serve(path, body, opts = {}) {
      files.set(path, { body, chunkDelayMs: opts.chunkDelayMs });
      return `${base}${path}`;
    },
    close: () => new Promise((r) => {
      http.closeAllConnections();
      http.close(() => r());
    }),
  };
}
