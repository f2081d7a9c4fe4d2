import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import {
  acceptsGzip,
  contentDisposition,
  contentTypeOf,
  ifRangeHolds,
  isCompressible,
  noneMatchHits,
  notModifiedSince,
  parseRange,
} from './headers.js';
import { resolveRequest } from './resolve.js';

const gzip = promisify(zlib.gzip);

const INDEX = 'index.html';
const DOWNLOAD_EXTENSIONS = new Set(['.epub', '.pdf']);
/** Pictures the catalogue names by content digest (`covers/<slug>.<digest>.jpg`) never change under their URL. */
const IMMUTABLE = /^covers\/[^/]+\.[0-9a-f]{12}(\.thumb)?\.jpg$/;
/** Text bigger than this is sent as it is rather than compressed in memory. */
const GZIP_LIMIT = 8 * 1024 * 1024;
const CACHE_ENTRIES = 2048;
/** Compressed pages and feeds kept in memory, at most this many bytes in all. */
const GZIP_CACHE_BYTES = 64 * 1024 * 1024;
const HTML_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface ServerOptions {
  /** The folder to serve (the build's output folder). */
  root: string;
  /** One line per request; default: none. */
  log?: (line: string) => void;
}

/**
 * A read-only HTTP server for an output folder: GET and HEAD only, correct types, downloads named
 * by Content-Disposition, strong ETags from the content, 304s, single byte ranges (206/416) for
 * resumable downloads, gzip for HTML/XML/JSON, and no way out of the folder.
 */
export function createCatalogServer(options: ServerOptions): http.Server {
  const realRoot = fs.realpathSync(options.root);
  const digests = new Map<string, Promise<string>>();
  const compressed = new Map<string, Promise<Buffer>>();
  let compressedBytes = 0;

  const handler = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      return sendText(response, 405, 'Method not allowed: this server is read-only (GET and HEAD).', { Allow: 'GET, HEAD' });
    }
    const resolved = resolveRequest(realRoot, request.url, INDEX);
    if (resolved.kind === 'refused') {
      const message =
        resolved.status === 400
          ? 'Bad request.'
          : request.url === '/'
            ? 'No catalogue in this folder yet: run `pressroom build` to write index.html.'
            : 'Not found.';
      return sendText(response, resolved.status, message);
    }
    let handle: FileHandle | undefined;
    try {
      handle = await fs.promises.open(resolved.file, 'r');
      const stat = await handle.stat();
      if (!stat.isFile()) return sendText(response, 404, 'Not found.');
      const key = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      const digest = await memo(digests, key, () => digestOf(handle!, stat.size));
      const contentType = contentTypeOf(resolved.relative);
      const lastModified = stat.mtime.toUTCString();
      const compressible = isCompressible(contentType);
      const headers: http.OutgoingHttpHeaders = {
        'Content-Type': contentType,
        'Last-Modified': lastModified,
        'Cache-Control': IMMUTABLE.test(resolved.relative) ? 'public, max-age=31536000, immutable' : 'no-cache',
        'Accept-Ranges': 'bytes',
        'X-Content-Type-Options': 'nosniff',
      };
      if (compressible) headers.Vary = 'Accept-Encoding';
      if (contentType.startsWith('text/html')) {
        headers['Content-Security-Policy'] = HTML_POLICY;
        headers['Referrer-Policy'] = 'no-referrer';
      }
      const extension = path.extname(resolved.relative).toLowerCase();
      if (DOWNLOAD_EXTENSIONS.has(extension)) headers['Content-Disposition'] = contentDisposition(path.basename(resolved.relative));

      const identityTag = `"${digest}"`;
      const range = parseRange(request.headers.range, stat.size);
      const useRange = range.kind !== 'none' && ifRangeHolds(header(request, 'if-range'), identityTag, lastModified);
      const useGzip = !useRange && compressible && stat.size > 0 && stat.size <= GZIP_LIMIT && acceptsGzip(header(request, 'accept-encoding'));
      const etag = useGzip ? `"${digest}.gz"` : identityTag;
      headers.ETag = etag;

      const ifNoneMatch = header(request, 'if-none-match');
      const ifModifiedSince = header(request, 'if-modified-since');
      const fresh = ifNoneMatch !== undefined ? noneMatchHits(ifNoneMatch, etag) : ifModifiedSince !== undefined && notModifiedSince(ifModifiedSince, stat.mtime);
      if (fresh) {
        delete headers['Content-Type'];
        delete headers['Content-Disposition'];
        writeHead(response, 304, headers);
        response.end();
        return;
      }
      if (useRange && range.kind === 'unsatisfiable') {
        return sendText(response, 416, 'Range not satisfiable.', { 'Content-Range': `bytes */${stat.size}`, 'Accept-Ranges': 'bytes' });
      }
      if (useGzip) {
        const body = await memo(compressed, `${key}:gzip`, async () => {
          const zipped = await gzip(await readAll(handle!, stat.size), { level: 9 });
          compressedBytes += zipped.length;
          if (compressedBytes > GZIP_CACHE_BYTES) {
            compressed.clear();
            compressedBytes = 0;
          }
          return zipped;
        });
        writeHead(response, 200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length });
        response.end(method === 'HEAD' ? undefined : body);
        return;
      }
      const [start, end, status] = useRange && range.kind === 'range' ? [range.start, range.end, 206] : [0, stat.size - 1, 200];
      if (status === 206) headers['Content-Range'] = `bytes ${start}-${end}/${stat.size}`;
      headers['Content-Length'] = Math.max(0, end - start + 1);
      writeHead(response, status, headers);
      if (method === 'HEAD' || stat.size === 0) {
        response.end();
        return;
      }
      const stream = handle.createReadStream({ start, end, autoClose: true });
      handle = undefined; // The stream closes it.
      await pipeline(stream, response);
    } catch (error) {
      if (!response.headersSent) {
        const code = (error as NodeJS.ErrnoException).code;
        sendText(response, code === 'ENOENT' ? 404 : 500, code === 'ENOENT' ? 'Not found.' : 'Internal server error.');
      } else {
        // The client went away mid-download, or the file could not be read: end this response only.
        response.destroy();
      }
    } finally {
      await handle?.close().catch(() => undefined);
    }
  };

  const server = http.createServer((request, response) => {
    const started = process.hrtime.bigint();
    response.on('close', () => {
      if (!options.log) return;
      const milliseconds = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
      const length = response.getHeader('content-length');
      const outcome = response.writableFinished ? String(response.statusCode) : `${response.statusCode} aborted`;
      options.log(
        `${new Date().toISOString()} ${request.socket.remoteAddress ?? '-'} "${request.method} ${printable(request.url ?? '')}" ${outcome} ${request.method === 'HEAD' || length === undefined ? '-' : length} ${milliseconds.toFixed(1)} ms`,
      );
    });
    void handler(request, response);
  });
  // Bounded waits for slow or stalled clients (a download itself may take as long as it needs).
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return server;

  function memo<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    let value = cache.get(key);
    if (!value) {
      if (cache.size >= CACHE_ENTRIES) cache.clear();
      value = make();
      cache.set(key, value);
      value.catch(() => cache.delete(key));
    }
    return value;
  }
}

/** Starts listening; resolves with the address actually bound (port 0 picks a free port). */
export function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** The URL of a bound address, IPv6 in brackets. */
export function urlOf(address: AddressInfo, host?: string): string {
  const name = host ?? address.address;
  return `http://${name.includes(':') ? `[${name}]` : name}:${address.port}/`;
}

/** Sets the headers one by one (so the request log can read Content-Length back), then the status. */
function writeHead(response: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders): void {
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) response.setHeader(name, value);
  response.writeHead(status);
}

function header(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function sendText(response: http.ServerResponse, status: number, message: string, extra: http.OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(`${message}\n`, 'utf8');
  writeHead(response, status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...extra,
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

/** SHA-256 of the whole file, read through the open handle (the very file being served, even if renamed over meanwhile). */
async function digestOf(handle: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(Math.min(size, 1024 * 1024) || 1);
  let position = 0;
  while (position < size) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash.digest('base64url').slice(0, 32);
}

async function readAll(handle: FileHandle, size: number): Promise<Buffer> {
  const buffer = Buffer.alloc(size);
  let position = 0;
  while (position < size) {
    const { bytesRead } = await handle.read(buffer, position, size - position, position);
    if (bytesRead === 0) break;
    position += bytesRead;
  }
  return buffer.subarray(0, position);
}

/** A request target as it may appear in a log line: controls and quotes percent-encoded. */
function printable(target: string): string {
  return target.replace(/[\u0000-\u001f\u007f"\\]/g, (char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
}
