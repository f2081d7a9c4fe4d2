import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsGzip, contentDisposition, parseRange } from '../src/serve/headers.js';
import { createCatalogServer, listen } from '../src/serve/server.js';
import { BIN, copySampleArticle, makeTemp, removeTemp, runCli } from './helpers/cli.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request with node:http, the path sent exactly as given (fetch would normalise `..` away). */
function request(base: string, target: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: url.hostname, port: url.port, path: target, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Bytes on the wire, for request targets no HTTP client would send (backslashes, raw NUL). */
function rawRequest(base: string, target: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`, 'latin1');
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['entry', 'link', 'author'].includes(name) });

describe('pressroom serve (the HTTP server)', () => {
  let dir: string;
  let out: string;
  let server: http.Server;
  let base: string;
  const log: string[] = [];

  beforeAll(async () => {
    dir = makeTemp();
    copySampleArticle(path.join(dir, 'desk'));
    fs.writeFileSync(
      path.join(dir, 'desk', 'second.md'),
      '---\ntitle: A second story, with no picture\nslug: second-story\nreporter: [Ana Ruiz, Tomás Okafor]\npublished: 2024-05-02T09:00:00Z\ndek: For the typographic cover.\n---\n\nText.\n',
    );
    const run = runCli(['build', 'desk', '--out', 'out'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    out = path.join(dir, 'out');
    server = createCatalogServer({ root: out, log: (line) => log.push(line) });
    const address = await listen(server, 0, '127.0.0.1');
    base = `http://127.0.0.1:${address.port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    removeTemp(dir);
  });

  it('serves the OPDS feed with its required elements, and every acquisition link downloads the exact file', async () => {
    const response = await fetch(`${base}opds.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml;profile=opds-catalog;kind=acquisition; charset=utf-8');
    const feed = xml.parse(await response.text()).feed;
    expect(feed.xmlns).toBe('http://www.w3.org/2005/Atom');
    for (const field of ['id', 'title', 'updated']) expect(feed[field], field).toBeTruthy();
    expect(feed.author[0].name).toBeTruthy();
    expect(feed.link.some((link: { rel: string; type: string }) => link.rel === 'self' && link.type.includes('profile=opds-catalog'))).toBe(true);
    expect(feed.entry).toHaveLength(2);

    const hrefs = new Map<string, string>();
    for (const entry of feed.entry) {
      for (const field of ['id', 'title', 'updated', 'summary']) expect(entry[field], `${entry.title}: ${field}`).toBeTruthy();
      expect(entry.author.length).toBeGreaterThan(0);
      const acquisitions = entry.link.filter((link: { rel: string }) => link.rel === 'http://opds-spec.org/acquisition');
      expect(acquisitions.map((link: { type: string }) => link.type).sort()).toEqual(['application/epub+zip', 'application/pdf']);
      for (const link of acquisitions) hrefs.set(new URL(link.href, `${base}opds.xml`).href, link.type);
      for (const rel of ['http://opds-spec.org/image', 'http://opds-spec.org/image/thumbnail']) {
        const picture = entry.link.find((link: { rel: string }) => link.rel === rel);
        const image = await fetch(new URL(picture.href, `${base}opds.xml`));
        expect(image.status).toBe(200);
        expect(image.headers.get('content-type')).toBe('image/jpeg');
        expect(image.headers.get('cache-control')).toContain('immutable');
        expect(Buffer.from(await image.arrayBuffer()).equals(fs.readFileSync(path.join(out, decodeURIComponent(picture.href))))).toBe(true);
      }
    }
    const json = (await (await fetch(`${base}opds.json`)).json()) as { publications: { links: { rel: string; href: string; type: string }[] }[] };
    for (const publication of json.publications) {
      for (const link of publication.links) if (link.rel === 'http://opds-spec.org/acquisition') hrefs.set(new URL(link.href, `${base}opds.json`).href, link.type);
    }
    const page = await (await fetch(base)).text();
    for (const match of page.matchAll(/<a class="(?:epub|pdf)" href="([^"]+)" type="([^"]+)" download/g)) hrefs.set(new URL(match[1]!, base).href, match[2]!);
    expect(hrefs.size).toBe(4);

    for (const [href, type] of hrefs) {
      const download = await fetch(href);
      expect(download.status, href).toBe(200);
      expect(download.headers.get('content-type')).toBe(type);
      const name = decodeURIComponent(new URL(href).pathname.slice(1));
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${name}"; filename*=UTF-8''${name}`);
      const bytes = Buffer.from(await download.arrayBuffer());
      expect(bytes.length).toBe(Number(download.headers.get('content-length')));
      expect(sha256(bytes)).toBe(sha256(fs.readFileSync(path.join(out, name))));
    }
  });

  it('answers a byte range with 206 and that exact slice; open, suffix and unsatisfiable ranges; If-Range', async () => {
    const file = fs.readFileSync(path.join(out, 'zelenskyy-nato-guarantees.pdf'));
    const target = '/zelenskyy-nato-guarantees.pdf';
    const slice = await request(base, target, { headers: { Range: 'bytes=100-1099' } });
    expect(slice.status).toBe(206);
    expect(slice.headers['content-range']).toBe(`bytes 100-1099/${file.length}`);
    expect(slice.headers['content-length']).toBe('1000');
    expect(slice.body.equals(file.subarray(100, 1100))).toBe(true);

    const rest = await request(base, target, { headers: { Range: `bytes=${file.length - 10}-` } });
    expect(rest.status).toBe(206);
    expect(rest.body.equals(file.subarray(file.length - 10))).toBe(true);
    const suffix = await request(base, target, { headers: { Range: 'bytes=-500' } });
    expect(suffix.body.equals(file.subarray(file.length - 500))).toBe(true);
    const clamped = await request(base, target, { headers: { Range: `bytes=0-${file.length * 2}` } });
    expect(clamped.status).toBe(206);
    expect(clamped.body.equals(file)).toBe(true);

    // Resuming a download: the pieces put together are the file.
    const half = Math.floor(file.length / 2);
    const first = await request(base, target, { headers: { Range: `bytes=0-${half - 1}` } });
    const second = await request(base, target, { headers: { Range: `bytes=${half}-`, 'If-Range': String(first.headers.etag) } });
    expect(second.status).toBe(206);
    expect(Buffer.concat([first.body, second.body]).equals(file)).toBe(true);

    const beyond = await request(base, target, { headers: { Range: `bytes=${file.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${file.length}`);
    const stale = await request(base, target, { headers: { Range: 'bytes=0-9', 'If-Range': '"some-other-version"' } });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(file)).toBe(true);
    const several = await request(base, target, { headers: { Range: 'bytes=0-9,20-29' } });
    expect(several.status).toBe(200);
    expect(several.body.length).toBe(file.length);
  });

  it('answers If-None-Match and If-Modified-Since with 304, and HEAD with the headers alone', async () => {
    for (const target of ['/', '/opds.xml', '/zelenskyy-nato-guarantees.epub']) {
      const first = await request(base, target);
      expect(first.status).toBe(200);
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await request(base, target, { headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      expect((await request(base, target, { headers: { 'If-None-Match': `"other", W/${etag}` } })).status).toBe(304);
      expect((await request(base, target, { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
      expect((await request(base, target, { headers: { 'If-Modified-Since': String(first.headers['last-modified']) } })).status).toBe(304);
      expect((await request(base, target, { headers: { 'If-Modified-Since': 'Thu, 01 Jan 1998 00:00:00 GMT' } })).status).toBe(200);

      const head = await request(base, target, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(head.headers['content-length']).toBe(first.headers['content-length']);
      expect(head.headers.etag).toBe(etag);
    }
  });

  it('gzips HTML, XML and JSON for clients that accept it, never books or pictures', async () => {
    for (const [target, file] of [
      ['/', 'index.html'],
      ['/opds.xml', 'opds.xml'],
      ['/opds.json', 'opds.json'],
    ]) {
      const plain = await request(base, target!);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toBe('Accept-Encoding');
      const zipped = await request(base, target!, { headers: { 'Accept-Encoding': 'br;q=1, gzip;q=0.8' } });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.etag).not.toBe(plain.headers.etag);
      expect(zlib.gunzipSync(zipped.body).equals(fs.readFileSync(path.join(out, file!)))).toBe(true);
      expect(zipped.body.length).toBeLessThan(plain.body.length);
      const refused = await request(base, target!, { headers: { 'Accept-Encoding': 'gzip;q=0, identity' } });
      expect(refused.headers['content-encoding']).toBeUndefined();
      const revalidated = await request(base, target!, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': String(zipped.headers.etag) } });
      expect(revalidated.status).toBe(304);
    }
    const book = await request(base, '/zelenskyy-nato-guarantees.epub', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(book.headers['content-encoding']).toBeUndefined();
    expect(book.body.equals(fs.readFileSync(path.join(out, 'zelenskyy-nato-guarantees.epub')))).toBe(true);
  });

  it('never leaves the folder: traversal in every encoding, backslashes, NUL bytes, hidden files, symlinks, listings', async () => {
    fs.symlinkSync('/etc/passwd', path.join(out, 'passwd.pdf'));
    fs.symlinkSync('/etc', path.join(out, 'etc'));
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'root:x:0:0 secret\n');
    fs.writeFileSync(path.join(out, '.hidden'), 'root:x:0:0 hidden\n');
    try {
      const targets = [
        '/../etc/passwd',
        '/../../../../../../etc/passwd',
        '/%2e%2e/%2e%2e/etc/passwd',
        '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
        '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
        '/..%2f..%2fetc%2fpasswd',
        '/..%5c..%5cetc%5cpasswd',
        '/%5c..%5c..%5cetc/passwd',
        '/covers/../../secret.txt',
        '/covers/%2e%2e/%2e%2e/secret.txt',
        '/%252e%252e%252fsecret.txt',
        '/..%c0%af..%c0%afetc/passwd',
        '/%00',
        '/index.html%00.epub',
        '/zelenskyy-nato-guarantees.epub%00',
        '/.hidden',
        '/%2ehidden',
        '/passwd.pdf',
        '/etc/passwd',
        '/covers/',
        '/covers',
        '//etc/passwd',
        '/./index.html',
      ];
      for (const target of targets) {
        const reply = await request(base, target);
        expect([400, 404], `${target} → ${reply.status}`).toContain(reply.status);
        expect(reply.body.toString('latin1')).not.toMatch(/root:|secret/);
      }
      for (const target of ['/..\\..\\etc\\passwd', '/\\..\\secret.txt', '/a\u0000b', 'http://evil.example/../etc/passwd']) {
        const reply = await rawRequest(base, target);
        expect(reply, JSON.stringify(target)).toMatch(/^HTTP\/1\.1 (400|404) /);
        expect(reply).not.toMatch(/root:|secret/);
      }
    } finally {
      for (const name of ['passwd.pdf', 'etc', '.hidden']) fs.rmSync(path.join(out, name), { force: true });
    }
  });

  it('is read-only: other methods get 405 and the Allow header', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const reply = await request(base, '/index.html', { method });
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow).toBe('GET, HEAD');
    }
    expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
  });

  it('completes 200 concurrent downloads, each with the right bytes', async () => {
    const names = ['zelenskyy-nato-guarantees.epub', 'zelenskyy-nato-guarantees.pdf', 'second-story.epub', 'second-story.pdf'];
    const expected = new Map(names.map((name) => [name, sha256(fs.readFileSync(path.join(out, name)))]));
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, index) => {
        const name = names[index % names.length]!;
        const response = await fetch(`${base}${name}`);
        return { name, status: response.status, digest: sha256(Buffer.from(await response.arrayBuffer())) };
      }),
    );
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.digest, result.name).toBe(expected.get(result.name));
    }
  });

  it('logs one line per request', async () => {
    const before = log.length;
    await request(base, '/opds.json');
    await request(base, '/nothing-here');
    await request(base, '/zelenskyy-nato-guarantees.epub', { method: 'HEAD' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = log.slice(before);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z 127\.0\.0\.1 "GET \/opds\.json" 200 \d+ [\d.]+ ms$/);
    expect(lines[1]).toMatch(/"GET \/nothing-here" 404 /);
    expect(lines[2]).toMatch(/"HEAD \/zelenskyy-nato-guarantees\.epub" 200 - /);
  });

  it('header helpers: ranges, Accept-Encoding and download names', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual({ kind: 'range', start: 0, end: 0 });
    expect(parseRange('bytes=-0', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=5-2', 10)).toEqual({ kind: 'none' });
    expect(parseRange('items=0-5', 10)).toEqual({ kind: 'none' });
    expect(parseRange('bytes=0-5', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=10-', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=3-', 10)).toEqual({ kind: 'range', start: 3, end: 9 });
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('*;q=0.5, gzip;q=0')).toBe(false);
    expect(acceptsGzip('deflate, br')).toBe(false);
    expect(contentDisposition('Київ "news".epub')).toBe(`attachment; filename="____ _news_.epub"; filename*=UTF-8''%D0%9A%D0%B8%D1%97%D0%B2%20%22news%22.epub`);
  });
});

describe('pressroom serve (the command)', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeAll(() => {
    dir = makeTemp();
    copySampleArticle(path.join(dir, 'manuscript'));
  });
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    removeTemp(dir);
  });

  /** Starts `pressroom serve ARGS` and resolves with the URL it prints. */
  function start(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${output}`)), 60_000);
      const check = () => {
        const match = /Serving .* at (http:\/\/\S+)/.exec(output);
        if (match && output.includes('Ctrl-C to stop.')) {
          clearTimeout(timer);
          resolve({ child, url: match[1]!, output: () => output });
        }
      };
      child.stdout!.on('data', check);
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
    });
  }

  const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)));

  it('binds 127.0.0.1, prints the URL, writes a missing catalogue, logs requests and stops on Ctrl-C', async () => {
    expect(runCli(['build', '--out', 'out'], { cwd: dir }).status).toBe(0);
    fs.rmSync(path.join(dir, 'out', 'index.html'));
    const { child, url, output } = await start(['out', '--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(output()).toContain(`OPDS catalogue for e-reader apps: ${url}opds.xml`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Zelenskyy demands');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output()).toMatch(/"GET \/" 200 \d+/);
    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(130);
  });

  it('refuses a bad port, a missing folder and a port in use', async () => {
    const badPort = runCli(['serve', 'out', '--port', 'eighty'], { cwd: dir });
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain('--port takes a number from 0 to 65535');
    const missing = runCli(['serve', 'nowhere'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nowhere: no such folder');
    const help = runCli(['help', 'serve']);
    expect(help.stdout).toContain('Usage: pressroom serve [DIR] [options]');

    const blocker = http.createServer();
    const address = await listen(blocker, 0, '127.0.0.1');
    try {
      const busy = runCli(['serve', 'out', '--port', String((address as AddressInfo).port)], { cwd: dir });
      expect(busy.status).toBe(1);
      expect(busy.stderr).toContain('is in use; choose another with --port');
    } finally {
      blocker.close();
    }
  });

  it('--watch rebuilds the article and the catalogue when a manuscript changes', async () => {
    const { child, url, output } = await start(['watched', '--port', '0', '--watch', '--format', 'epub', '--quiet']);
    const feed = async () => (await fetch(`${url}opds.xml`)).text();
    expect(await feed()).toContain('Zelenskyy demands');
    const manuscriptPath = path.join(dir, 'manuscript', 'zelenskyy-nato-guarantees.md');
    const original = fs.readFileSync(manuscriptPath, 'utf8');
    try {
      fs.writeFileSync(manuscriptPath, original.replace(/^title: .*$/m, 'title: "A headline changed while serving"'));
      const deadline = Date.now() + 60_000;
      while (!(await feed()).includes('A headline changed while serving')) {
        if (Date.now() > deadline) throw new Error(`the catalogue was not rebuilt:\n${output()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const epub = await fetch(`${url}zelenskyy-nato-guarantees.epub`);
      expect(Buffer.from(await epub.arrayBuffer()).equals(fs.readFileSync(path.join(dir, 'watched', 'zelenskyy-nato-guarantees.epub')))).toBe(true);
    } finally {
      fs.writeFileSync(manuscriptPath, original);
      child.kill('SIGINT');
      await exitOf(child);
    }
  });
});
