import path from 'node:path';
import type { Article, Manuscript } from '../core/article.js';
import { reportError, toDiagnostic, type Diagnostic } from '../core/diagnostics.js';
import { builtinTemplateNames, DEFAULT_TEMPLATE, isTemplatePath, loadTemplate, resolveTemplateDir, TemplateError } from '../template/load.js';
import type { Template } from '../template/theme.js';

function isInside(target: string, folder: string): boolean {
  const relative = path.relative(folder, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** What asks for a template: a manuscript, or an edition's manifest (its `template:` and where it stands). */
export type TemplateSource = Pick<Manuscript, 'file' | 'path' | 'root'> & { article: Pick<Article, 'template' | 'positions'> };

export type TemplateLookup = { ok: true; value: Template } | { ok: false; templateMessages: Diagnostic[] };

/** Loads each template once per process, however many manuscripts use it. */
export class TemplateCache {
  private readonly loaded = new Map<string, Template | TemplateError>();
  private readonly archival = new WeakMap<Template, Template>();

  constructor(private readonly cwd: string) {}

  /**
   * The template a manuscript asks for: `--template` wins over front matter, default `article`.
   * With `archivalPdf` (build --archive) its PDF is made archival-grade for this run, whatever the
   * template says: PDF/A-3b with the manuscript attached, so that the PDF written to the output
   * folder is the one the bag can hold. The rest of the look is the template's.
   */
  forManuscript(manuscript: TemplateSource, cliTemplate: string | undefined, archivalPdf = false): TemplateLookup {
    const found = this.lookUp(manuscript, cliTemplate);
    return found.ok && archivalPdf ? { ok: true, value: this.archivalVariant(found.value) } : found;
  }

  /** One variant object per template, so that what writers keep per template (embedded fonts) is kept once. */
  private archivalVariant(template: Template): Template {
    let variant = this.archival.get(template);
    if (!variant) {
      variant = { ...template, print: { ...template.print, pdf: { ...template.print.pdf, pdfa: '3b', attachSource: true } } };
      this.archival.set(template, variant);
    }
    return variant;
  }

  private lookUp(manuscript: TemplateSource, cliTemplate: string | undefined): TemplateLookup {
    const fromCli = cliTemplate !== undefined;
    const reference = cliTemplate ?? manuscript.article.template ?? DEFAULT_TEMPLATE;
    const baseDir = fromCli ? this.cwd : path.dirname(manuscript.path);
    const place = fromCli ? { line: 1, column: 1 } : (manuscript.article.positions.template ?? { line: 1, column: 1 });
    if (!fromCli && isTemplatePath(reference) && !isInside(path.resolve(baseDir, reference), manuscript.root)) {
      // Manuscripts come from many hands: no path they name may leave their folder. The operator may, with --template.
      reportError(
        manuscript.file,
        `template path "${reference}" leads outside the manuscript's folder; name a built-in template (${builtinTemplateNames().join(', ')}), keep the template inside the folder, or choose it with --template`,
        place,
        'template-path',
      );
      return { ok: false, templateMessages: [] };
    }
    const dir = resolveTemplateDir(reference, baseDir);
    if (!dir) {
      const kind = isTemplatePath(reference) ? `no template folder (with a print.yaml) at "${reference}"` : `unknown template "${reference}"`;
      reportError(
        manuscript.file,
        `${kind} (from ${fromCli ? '--template' : 'template:'}); available templates: ${builtinTemplateNames().join(', ')}, or give the path of a template folder`,
        place,
        'template-unknown',
      );
      return { ok: false, templateMessages: [] };
    }
    const template = this.load(dir);
    if (template instanceof TemplateError) {
      reportError(manuscript.file, `template "${reference}" has errors (listed above); fix them to build`, place, 'template-invalid');
      return {
        ok: false,
        templateMessages: template.files.flatMap((file) => file.messages.map((message) => toDiagnostic(message, file.path))),
      };
    }
    return { ok: true, value: template };
  }

  private load(dir: string): Template | TemplateError {
    let template = this.loaded.get(dir);
    if (!template) {
      try {
        template = loadTemplate(dir);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        template = error;
      }
      this.loaded.set(dir, template);
    }
    return template;
  }
}
