import type GithubSlugger from 'github-slugger';
import type { Element, ElementContent } from 'hast';
import type { FootnoteDefinition } from 'mdast';
import { element, text } from './hast.js';

/** A footnote as cited: numbered by first citation, with one id per citation so each can be returned to. */
export interface Note {
  number: number;
  id: string;
  definition: FootnoteDefinition;
  referenceIds: string[];
}

export interface Citation {
  note: Note;
  referenceId: string;
}

/** Numbers notes in citation order and hands out their ids; a note cited twice keeps its number. */
export class FootnoteRegistry {
  private readonly notes = new Map<string, Note>();

  /** `definitions`: by upper-cased label; as with link definitions, the first of two with the same label wins. */
  constructor(
    private readonly definitions: ReadonlyMap<string, FootnoteDefinition>,
    private readonly ids: GithubSlugger,
    private readonly reserved: Set<string>,
  ) {}

  /** Records one citation; undefined when no definition has the label. */
  cite(identifier: string): Citation | undefined {
    const key = identifier.toUpperCase();
    const definition = this.definitions.get(key);
    if (!definition) return undefined;
    let note = this.notes.get(key);
    if (!note) {
      const number = this.notes.size + 1;
      note = { number, id: this.uniqueId(`fn-${number}`), definition, referenceIds: [] };
      this.notes.set(key, note);
    }
    const count = note.referenceIds.length + 1;
    const referenceId = this.uniqueId(count === 1 ? `fnref-${note.number}` : `fnref-${note.number}-${count}`);
    note.referenceIds.push(referenceId);
    return { note, referenceId };
  }

  /** Cited notes in number order; grows while notes are rendered if a note cites another. */
  cited(): Note[] {
    return [...this.notes.values()];
  }

  uncited(): FootnoteDefinition[] {
    const cited = new Set(this.cited().map((note) => note.definition));
    return [...this.definitions.values()].filter((definition) => !cited.has(definition));
  }

  private uniqueId(base: string): string {
    const id = this.ids.slug(base);
    this.reserved.add(id);
    return id;
  }
}

/** Every citation's `<sup>`, so that a link around one can set it free (see `liftNoteReferences`). */
const noteReferences = new WeakSet<Element>();

/** The superscript pop-up link in the text. */
export function noteReference(citation: Citation): Element {
  const reference = element('sup', {}, [
    element(
      'a',
      { 'epub:type': 'noteref', role: 'doc-noteref', id: citation.referenceId, href: `#${citation.note.id}` },
      [text(String(citation.note.number))],
    ),
  ]);
  noteReferences.add(reference);
  return reference;
}

/**
 * Takes the citations out of a link's content and returns them, to be put after the link: a link
 * may not hold another link (`[see[^1]](https://…)`), and an HTML parser would break both apart.
 */
export function liftNoteReferences(content: ElementContent[]): { content: ElementContent[]; references: Element[] } {
  const references: Element[] = [];
  const lift = (nodes: ElementContent[]): ElementContent[] =>
    nodes.flatMap((node): ElementContent[] => {
      if (node.type !== 'element') return [node];
      if (noteReferences.has(node)) {
        references.push(node);
        return [];
      }
      node.children = lift(node.children);
      return [node];
    });
  return { content: lift(content), references };
}
