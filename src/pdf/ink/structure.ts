import { HeadingLevels } from '../../core/heading-levels.js';
import type { StructNode } from '../layout/types.js';
import type { Pdf, StructureElement as Element } from './pdfkit.js';

const NUMBERED_HEADING = /^H([1-6])$/;

/**
 * Writes the logical structure (tagged PDF) as content is drawn: each structure node becomes a
 * structure element the first time content of it appears, so the tree is in reading order.
 * Drawing that belongs to no node is marked as an artifact.
 *
 * What PDF/UA-1 asks of the elements themselves is settled here, whatever the handlers built:
 * a language (`/Lang`) only where it differs from the language in force around the element,
 * numbered headings that never skip a level (ISO 14289-1 7.4.2), and a unique `/ID` on every Note
 * (7.9), listed in the structure tree's IDTree.
 */
export class StructureWriter {
  private readonly elements = new Map<StructNode, Element>();
  /** Each open element's structure type as written (a heading's level may differ from its node's). */
  private readonly types = new Map<StructNode, string>();
  private readonly nodes = new WeakMap<Element, StructNode>();
  private readonly ended = new Set<StructNode>();
  private open: StructNode | 'artifact' | undefined;
  private readonly headings = new HeadingLevels();
  private readonly ids: [id: string, element: Element][] = [];

  /** `floating`: nodes of elements the page builder may draw away from their place in the text (figures, tables). */
  constructor(
    private readonly pdf: Pdf,
    readonly enabled: boolean,
    private readonly root: StructNode,
    private readonly floating: ReadonlySet<StructNode> = new Set(),
  ) {}

  element(node: StructNode): Element {
    let element = this.elements.get(node);
    if (element) return element;
    if (this.ended.has(node)) throw new Error(`structure element ${node.type} #${node.id} gets content after it was ended`);
    const attributes: { alt?: string; lang?: string; scope?: string; id?: string } = {};
    if (node.alt) attributes.alt = node.alt;
    if (node.lang && languageDiffers(node.lang, inheritedLanguage(node.parent))) attributes.lang = node.lang;
    if (node.scope) attributes.scope = node.scope;
    if (node.type === 'Note') attributes.id = `note-${node.id}`;
    const type = this.typeOf(node);
    element = this.pdf.structureElement(type, attributes);
    this.types.set(node, type);
    if (attributes.id) this.ids.push([attributes.id, element]);
    this.elements.set(node, element);
    this.nodes.set(element, node);
    if (node === this.root || !node.parent) this.pdf.appendElement(undefined, element);
    else {
      const parent = this.element(node.parent);
      this.pdf.appendElement(parent, element);
      this.inTextOrder(parent, node);
    }
    return element;
  }

  /** A numbered heading's type as written: one level below the heading it nests under, never skipping one. */
  private typeOf(node: StructNode): string {
    const heading = NUMBERED_HEADING.exec(node.type);
    return heading ? `H${this.headings.next(Number(heading[1]))}` : node.type;
  }

  /**
   * Elements are created in drawing order; a float drawn later or earlier than its place in the text
   * (a figure on top of the next page) is moved among its siblings to that place, which the order of
   * node ids (handed out in reading order) tells.
   */
  private inTextOrder(parent: Element, node: StructNode): void {
    this.pdf.moveLastChildBack(parent, (sibling) => {
      const before = this.nodes.get(sibling)!;
      return before.id > node.id && (this.floating.has(before) || this.floating.has(node));
    });
  }

  /** What is drawn next belongs to `node` (an artifact when undefined); the same node continues one marked sequence. */
  mark(node: StructNode | undefined, artifactType: 'Layout' | 'Pagination' = 'Layout'): void {
    if (!this.enabled) return;
    const wanted = node ?? 'artifact';
    if (this.open === wanted) return;
    this.close();
    if (node) {
      const element = this.element(node);
      this.pdf.markContent(element, this.types.get(node)!);
    } else {
      this.pdf.markArtifact(artifactType);
    }
    this.open = wanted;
  }

  /** Sets an element's alternate description (`/Alt`) while it can still be changed, before it is ended. */
  describe(node: StructNode, alt: string): void {
    if (!this.enabled || alt === '') return;
    this.pdf.describe(this.element(node), alt);
  }

  close(): void {
    if (this.open === undefined) return;
    this.pdf.endMarkedContent();
    this.open = undefined;
  }

  /**
   * Ends a node whose content is complete: it is written out (with its children) as soon as it can,
   * and its annotations point at the page drawn now.
   */
  end(node: StructNode): void {
    const element = this.elements.get(node);
    if (!element) return;
    this.pdf.endElement(element);
    this.elements.delete(node);
    this.types.delete(node);
    this.ended.add(node);
  }

  finish(): void {
    this.close();
    if (!this.enabled) return;
    if (this.ids.length > 0) this.pdf.setIdTree(this.ids);
    this.pdf.endElement(this.element(this.root));
  }
}

/** The language in force at a node: its own, or its nearest ancestor's. */
function inheritedLanguage(node: StructNode | undefined): string | undefined {
  for (let at = node; at; at = at.parent) if (at.lang) return at.lang;
  return undefined;
}

function languageDiffers(lang: string, around: string | undefined): boolean {
  return around === undefined || lang.toLowerCase() !== around.toLowerCase();
}
