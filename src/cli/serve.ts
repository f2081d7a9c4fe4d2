import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeCatalog } from '../catalog/index.js';
import { UsageError } from '../core/clock.js';
import { buildSources, editionInputs, outside, watchLoop } from '../api/watch.js';
import { createCatalogServer, listen, urlOf } from '../serve/server.js';
import { COMMAND_HELP } from './help.js';
import { buildOptionsFrom, EXIT_FAILED, EXIT_OK, installSignalCleanup, parseCommandLine } from './options.js';
import { clock, displayPath, ResultPrinter, type Io } from './report.js';
import { optimizeFromNowOn } from '../boot/tiering.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

const SERVE_OPTIONS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  watch: { type: 'boolean', short: 'w' },
  source: { type: 'string', multiple: true },
  format: { type: 'string', short: 'f' },
  template: { type: 'string', short: 't' },
  jobs: { type: 'string', short: 'j' },
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `pressroom serve [DIR]`: serves the output folder (catalogue page, OPDS feeds, books) over HTTP,
 * on 127.0.0.1 unless told otherwise. With --watch it also builds and rebuilds on change.
 * Runs until Ctrl-C.
 */
export async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(args, SERVE_OPTIONS);
  if (values.help) {
    io.stdout(COMMAND_HELP.serve!);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError(`serve takes one folder; got ${positionals.length}: ${positionals.join(', ')}`);
  const port = parsePort(values.port);
  const host = values.host ?? DEFAULT_HOST;
  if (!host.trim()) throw new UsageError('--host needs an address, such as 127.0.0.1 or 0.0.0.0');
  const outDir = path.resolve(io.cwd, positionals[0] ?? 'out');
  const shownDir = displayPath(outDir, io.cwd) || '.';
  if (!values.watch) {
    if (values.source || values.format || values.template || values.jobs) {
      throw new UsageError('--source, --format, --template and --jobs only apply with --watch');
    }
    if (!fs.existsSync(outDir)) throw new UsageError(`${shownDir}: no such folder; build into it first (pressroom build --out ${shownDir})`);
  }
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new UsageError(`${shownDir}: not a folder`);

  // A long-lived process: worth TurboFan's compiling.
  optimizeFromNowOn();
  let stopWatching: (() => void) | undefined;
  if (values.watch) {
    const options = buildOptionsFrom({ out: outDir, format: values.format, template: values.template, jobs: values.jobs }, values.source ?? [], io);
    const { build } = await import('../api/build.js');
    const printer = new ResultPrinter(io, Boolean(values.quiet), Boolean(values.debug));
    const rebuild = async () => {
      const started = Date.now();
      const result = await build({ ...options, onResult: (one) => printer.print(one) });
      const built = result.results.filter((one) => !one.skipped).length;
      if (built > 0 || !values.quiet) io.stdout(`${clock()} built ${built}, unchanged ${result.results.length - built} in ${Date.now() - started} ms; catalogue updated\n`);
    };
    await rebuild();
    const report = (line: string) => io.stdout(`${clock()} ${line}\n`);
    fs.mkdirSync(outDir, { recursive: true });
    // Manuscripts, pictures and templates rebuild, and an edition's articles and pictures wherever
    // they are (the cache keeps that cheap, and the build writes the catalogue); a book appearing or
    // changing in the folder by other means (another build, a shard) only reindexes it.
    const sources = buildSources(options, io.cwd);
    stopWatching = watchLoop({
      triggers: [
        { paths: sources, kind: 'build', accepts: outside(outDir) },
        { paths: [outDir], kind: 'catalog', recursive: false, accepts: (changed) => /^[^.].*\.(epub|pdf)$/i.test(path.basename(changed)) },
      ],
      follow: { kind: 'build', files: () => editionInputs(options, io.cwd, sources) },
      run: async (kinds) => {
        if (kinds.has('build')) return rebuild();
        const catalog = await writeCatalog(outDir);
        if (catalog.written.length > 0) report(`catalogue updated: ${catalog.books} book${catalog.books === 1 ? '' : 's'}`);
      },
      onError: (error) => report(`pressroom: ${error.message}`),
    });
    installSignalCleanup(outDir);
  } else {
    // The folder may hold books from several runs or shards: index what is there now.
    try {
      const catalog = await writeCatalog(outDir);
      if (catalog.written.length > 0) io.stdout(`catalogue written: ${catalog.books} book${catalog.books === 1 ? '' : 's'}\n`);
      for (const problem of catalog.problems) io.stderr(`${path.join(shownDir, problem.file)}: warning: ${problem.reason}; listed by its file name only\n`);
    } catch (error) {
      io.stderr(`pressroom: could not update the catalogue in ${shownDir} (${(error as Error).message}); serving it as it is\n`);
    }
  }

  const server = createCatalogServer({ root: outDir, log: values.quiet ? undefined : (line) => io.stdout(`${line}\n`) });
  let address;
  try {
    address = await listen(server, port, host);
  } catch (error) {
    stopWatching?.();
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? `port ${port} on ${host} is in use; choose another with --port (0 picks a free one)`
        : code === 'EACCES'
          ? `not allowed to listen on port ${port}; use a port above 1023`
          : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
            ? `${host} is not an address of this machine`
            : (error as Error).message;
    io.stderr(`pressroom: cannot serve: ${reason}\n`);
    return EXIT_FAILED;
  }
  const url = urlOf(address, host === '0.0.0.0' || host === '::' ? undefined : host);
  io.stdout(`Serving ${shownDir}/ at ${url}\n`);
  io.stdout(`  OPDS catalogue for e-reader apps: ${url}opds.xml\n`);
  if (host === '0.0.0.0' || host === '::') {
    for (const lan of networkAddresses(host === '::')) io.stdout(`  on this network: ${urlOf({ ...address, address: lan })}\n`);
  }
  io.stdout(`Ctrl-C to stop.\n`);
  // Ctrl-C or a termination signal closes the server and its connections, and ends the command.
  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      stopWatching?.();
      server.close(() => resolve(signal === 'SIGINT' ? 130 : 143));
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port takes a number from 0 to 65535 (0 picks a free port); got "${value}"`);
  return port;
}

function networkAddresses(withIpv6: boolean): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((one): one is os.NetworkInterfaceInfo => Boolean(one) && !one!.internal && (one!.family === 'IPv4' || (withIpv6 && one!.family === 'IPv6' && !one!.address.startsWith('fe80'))))
    .map((one) => one.address);
}
