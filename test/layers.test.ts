import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

/**
 * The layout shows the pipeline: the folders of src/ are stages, listed in order in the README's
 * "Repository" table (each row a stage, lowest first; folders sharing a row are peers). A module may
 * import from its own folder and from folders of lower stages, never from a peer or a higher stage,
 * so the folder graph has no cycle. Every import counts: static, type-only, re-exports and import().
 */

const SRC = path.join(REPO_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module of src/ with the src/ modules it imports (resolved to .ts files). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const imported = ts
      .preProcessFile(fs.readFileSync(file, 'utf8'), true, true)
      .importedFiles.map((reference) => reference.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts'));
    graph.set(file, imported);
  }
  return graph;
}

/** The stage folder of a module: `epub` for src/epub/handlers/text.ts; undefined for src/index.ts. */
function folderOf(file: string): string | undefined {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** The stages in the README's "Repository" table: each row's src/ folders, lowest row first. */
function readmeStages(): string[][] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = /^## Repository\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => [...(line.split('|')[1] ?? '').matchAll(/`src\/([a-z-]+)\/`/g)].map((match) => match[1]!))
    .filter((row) => row.length > 0);
}

/** Strongly connected components of more than one node (Tarjan): the cycles of a graph. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

const graph = importGraph();

describe('the layout shows the pipeline', () => {
  it('the folders of src/ import one another without a cycle', () => {
    const folders = new Map<string, Set<string>>();
    for (const [file, imports] of graph) {
      const from = folderOf(file);
      if (!from) continue;
      const targets = folders.get(from) ?? new Set<string>();
      for (const imported of imports) {
        const to = folderOf(imported);
        if (to && to !== from) targets.add(to);
      }
      folders.set(from, targets);
    }
    expect(cycles(folders)).toEqual([]);
  });

  it('each folder imports only from lower stages, in the order the README names them', () => {
    const stages = readmeStages();
    const stageOf = new Map(stages.flatMap((row, stage) => row.map((folder): [string, number] => [folder, stage])));
    // The document model (the lead's src/model/, between reading and the writers) has its row already.
    expect(stages.flat()).toContain('model');
    const present = [...new Set([...graph.keys()].map(folderOf).filter((folder): folder is string => folder !== undefined))];
    expect(present.filter((folder) => !stageOf.has(folder)).map((folder) => `src/${folder}/ is not in the README's Repository table`)).toEqual([]);

    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      const from = folderOf(file);
      if (!from) continue;
      for (const imported of imports) {
        const to = folderOf(imported);
        if (!to || to === from) continue;
        if (stageOf.get(to)! >= stageOf.get(from)!) {
          wrong.push(`${path.relative(REPO_ROOT, file)} imports ${path.relative(REPO_ROOT, imported)}: src/${to}/ is ${stageOf.get(to) === stageOf.get(from) ? 'a peer of' : 'a later stage than'} src/${from}/`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('nothing inside src/ imports the package entry point', () => {
    const entry = path.join(SRC, 'index.ts');
    expect([...graph].filter(([, imports]) => imports.includes(entry)).map(([file]) => path.relative(REPO_ROOT, file))).toEqual([]);
  });

  it('the command line has no cycle: main.ts dispatches to its subcommands, which import only what lies below it', () => {
    const cli = new Map([...graph].filter(([file]) => folderOf(file) === 'cli').map(([file, imports]) => [file, new Set(imports)]));
    expect(cycles(cli).map((cycle) => cycle.map((file) => path.relative(REPO_ROOT, file)))).toEqual([]);
  });

  it('pdfkit and epub-gen-memory are each reached through one adapter module', () => {
    const sources = sourceFiles(SRC).map((file) => ({ file: path.relative(REPO_ROOT, file), text: fs.readFileSync(file, 'utf8') }));
    const importers = (library: string) =>
      sources
        .filter(({ text }) => ts.preProcessFile(text, true, true).importedFiles.some(({ fileName }) => fileName === library || fileName.startsWith(`${library}/`)))
        .map(({ file }) => file);
    expect(importers('pdfkit')).toEqual(['src/pdf/ink/pdfkit.ts']);
    expect(importers('epub-gen-memory')).toEqual(['src/epub/assemble.ts']);
    // pdfkit's typings declare a global namespace, usable without an import.
    expect(sources.filter(({ text }) => /\bPDFKit\./.test(text)).map(({ file }) => file)).toEqual(['src/pdf/ink/pdfkit.ts']);
  });

  it('the checker sees a cycle when there is one', () => {
    const looped = new Map([
      ['cli', new Set(['api'])],
      ['api', new Set(['render', 'cli'])],
      ['render', new Set<string>()],
    ]);
    expect(cycles(looped)).toEqual([['api', 'cli']]);
  });
});
