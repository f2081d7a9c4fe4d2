/**
 * The words Pressroom itself prints around an article (byline, dateline, credit, page numbers,
 * headings of the contents and the notes), in the article's language: dates are already written
 * in it, so an English "Published" before "21 avril 2023" would read as a mistake.
 *
 * They are data, one file per language, `templates/labels/<tag>.yaml` (as pandoc keeps its
 * `data/translations/`): a translator edits one YAML file, and a build reads only the language it
 * needs, once per thread. The files sit among the built-in templates because they are what the
 * templates print, and so the checkout, `npm ci` and the bundle (which runs from `dist/bundle/`,
 * two folders down like `src/core/`) all find them at the same place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { parse } from 'yaml';
import { camelKeys, issueNode, issueSubject, parseYaml } from './yaml-schema.js';

export const LABELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates/labels');

/** A label: text, with exactly the `{fields}` named (and each of them). */
function label(description: string, fields: readonly string[] = []) {
  return v.pipe(
    v.string('must be text'),
    v.nonEmpty('must not be empty'),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      for (const field of fields) if (!dataset.value.includes(`{${field}}`)) addIssue({ message: `must hold {${field}}` });
      for (const match of dataset.value.matchAll(/\{(\w*)\}/g)) {
        if (!fields.includes(match[1]!)) addIssue({ message: `{${match[1]}} is not a field of this label${fields.length > 0 ? `; it has ${fields.map((field) => `{${field}}`).join(', ')}` : ''}` });
      }
    }),
    v.description(description),
  );
}

/** The first word of a credit prefix: `Photo` of "Photo: ", `Fot.` of "Fot. ". */
export function creditPrefixWord(prefix: string): string {
  return prefix.replace(/[\s:]+$/u, '');
}

/** The keys of a label file, in the order the files write them. */
export const LABELS_SCHEMA = v.pipe(
  v.strictObject({
    byline: label('the byline; `{names}` are the reporters, joined as the language lists names', ['names']),
    published: label('before the publication date (and its time), with the preposition the language puts there'),
    updated: label('before the date of the last update'),
    photo: v.pipe(
      label("before a picture's credit, when the template gives no `credit.prefix`"),
      v.regex(/\s$/u, 'must end with a space (or a no-break space): the credit follows it directly'),
    ),
    credit_words: v.pipe(
      v.array(v.pipe(v.string('must be text'), v.nonEmpty('must not be empty')), 'must be a list of words'),
      v.minLength(1, 'must list at least the word of `photo`'),
      v.description('words a credit may already start with ("Photo:", "Photograph by"): such a credit gets no prefix, and `dc:contributor` leaves the word out'),
    ),
    page_of_pages: label('the running header\'s and footer\'s `{page_of_pages}`', ['page', 'pages']),
    contents: label('the heading of the contents'),
    notes: label('the heading of the notes gathered at the end'),
    cover: label('the cover, in the EPUB\'s landmarks'),
    start: label('the start of the article, in the EPUB\'s landmarks'),
    landmarks: label('the heading of the landmarks'),
    pages: label("the heading of the EPUB's list of the print edition's pages"),
    cover_alt: label("the cover picture's alternative text; `{what}` is what it shows", ['what']),
    undescribed_picture: label('the alternative text of a picture the manuscript gives none for'),
    back_to_citation: label("a note's link back to its second, third … citation; `{number}` is which", ['number']),
    task_done: label("what a screen reader says for a task list's ticked box"),
    task_not_done: label("what a screen reader says for a task list's unticked box"),
  }),
  v.forward(
    v.check(
      (labels) => labels.credit_words.includes(creditPrefixWord(labels.photo)),
      (issue) => `must hold the word of photo ("${creditPrefixWord((issue.input as { photo: string }).photo)}"), so that a credit already starting with it gets no second one`,
    ),
    ['credit_words'],
  ),
  v.transform((labels) => camelKeys(labels)),
);

export type Labels = v.InferOutput<typeof LABELS_SCHEMA>;

/**
 * Tags that name a language whose labels are in another file. Norwegian without its written
 * form is taken as Bokmål, which most Norwegian newspapers are written in (CLDR aliases `no` so too).
 */
const ALIASES: Record<string, string> = { no: 'nb' };

const FALLBACK = 'en';

/** The language tags with labels of their own (file names and aliases); any other gets its primary language's, or the English ones. */
export function labelLanguages(): string[] {
  const files = fs.readdirSync(LABELS_DIR).filter((name) => name.endsWith('.yaml')).map((name) => name.slice(0, -'.yaml'.length));
  return [...files, ...Object.keys(ALIASES)].sort();
}

/** This thread's labels, by file, and the file each language tag asked for came to. */
const byFile = new Map<string, Labels>();
const fileOfTag = new Map<string, string | undefined>();

/** The file of labels a tag has, through its whole tag (`pt-br`), then its primary subtag; undefined when neither has one. */
function labelFile(lang: string): string | undefined {
  const tag = lang.toLowerCase();
  if (fileOfTag.has(tag)) return fileOfTag.get(tag);
  const primary = primarySubtag(tag);
  const file = [tag, ALIASES[tag], primary, ALIASES[primary]].find(
    (candidate): candidate is string => candidate !== undefined && candidate !== '' && /^[a-z0-9-]+$/.test(candidate) && fs.existsSync(path.join(LABELS_DIR, `${candidate}.yaml`)),
  );
  fileOfTag.set(tag, file);
  return file;
}

/** The file the labels for a BCP 47 tag come from, for the build cache: an edited label file rebuilds its articles. */
export function labelsPath(lang: string): string {
  return path.join(LABELS_DIR, `${labelFile(lang) ?? FALLBACK}.yaml`);
}

/** The labels for a BCP 47 tag (`pt-BR` has its own, `de-AT` takes German's); English for a language without a file. */
export function labelsFor(lang: string): Labels {
  const file = labelFile(lang) ?? FALLBACK;
  let labels = byFile.get(file);
  if (!labels) {
    labels = readLabels(path.join(LABELS_DIR, `${file}.yaml`));
    byFile.set(file, labels);
  }
  return labels;
}

/** Reads and checks one label file. They ship with Pressroom, so a broken one is a bug: thrown, with its line and column. */
export function readLabels(file: string): Labels {
  const text = fs.readFileSync(file, 'utf8');
  // The quick way first; only a file that fails is parsed again to place its problems.
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    data = undefined;
  }
  const quick = v.safeParse(LABELS_SCHEMA, data);
  if (quick.success) return quick.output;
  const parsed = parseYaml(text);
  if (!parsed.source) {
    const problem = parsed.problems[0]!;
    throw new Error(`${file}:${problem.point.line}:${problem.point.column}: error: ${problem.message}`);
  }
  const result = v.safeParse(LABELS_SCHEMA, parsed.source.document.toJS());
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => {
    const point = parsed.source.at(issueNode(parsed.source.document, issue.path));
    const key = (issue.path ?? []).map((item) => item.key).join('.');
    const subject = issueSubject(issue);
    const reason = subject !== 'value' ? `${subject} "${key}"` : key ? `"${key}": ${issue.message}` : issue.message;
    return `${file}:${point.line}:${point.column}: error: ${reason}`;
  });
  throw new Error(problems.join('\n'));
}

const listFormats = new Map<string, Intl.ListFormat>();

/**
 * Names joined as the language lists them: "A, B and C" in English (no serial comma, as newspapers
 * write it), "A, B et C" in French. A language without labels of its own joins them in English too,
 * like the labels around them.
 */
export function listNames(names: readonly string[], lang: string): string {
  if (names.length <= 1) return names[0] ?? '';
  const primary = primarySubtag(lang);
  if (primary === 'en' || !labelFile(primary)) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  let format = listFormats.get(primary);
  if (!format) {
    format = new Intl.ListFormat(primary, { type: 'conjunction', style: 'long' });
    listFormats.set(primary, format);
  }
  return format.format(names);
}

/** A label with its `{name}` fields filled in. */
export function fillLabel(label: string, values: Record<string, string | number>): string {
  return label.replace(/\{(\w+)\}/g, (field, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : field));
}

function primarySubtag(lang: string): string {
  return lang.toLowerCase().split('-')[0] ?? '';
}
