import type PDFDocument from 'pdfkit';
import type { StructNode } from '../layout/types.js';

type Doc = InstanceType<typeof PDFDocument>;
type Element = PDFKit.PDFStructureElement;

/**
 * Writes the logical structure (tagged PDF) as content is drawn: each structure node becomes a
 * pdfkit structure element the first time content of it appears, so the tree is in reading order.
 * Drawing that belongs to no node is marked as an artifact.
 */
export class StructureWriter {
  private readonly elements = new Map<StructNode, Element>();
  private readonly ended = new Set<StructNode>();
  private open: StructNode | 'artifact' | undefined;

  constructor(
    private readonly doc: Doc,
    readonly enabled: boolean,
    private readonly root: StructNode,
  ) {}

  element(node: StructNode): Element {
    let element = this.elements.get(node);
    if (element) return element;
    if (this.ended.has(node)) throw new Error(`structure element ${node.type} #${node.id} gets content after it was ended`);
    const options: { alt?: string; lang?: string; scope?: string } = {};
    if (node.alt) options.alt = node.alt;
    if (node.lang) options.lang = node.lang;
    if (node.scope) options.scope = node.scope;
    element = this.doc.struct(node.type, options as Parameters<Doc['struct']>[1]);
    this.elements.set(node, element);
    if (node === this.root || !node.parent) this.doc.addStructure(element);
    else this.element(node.parent).add(element);
    return element;
  }

  /** What is drawn next belongs to `node` (an artifact when undefined); the same node continues one marked sequence. */
  mark(node: StructNode | undefined, artifactType: 'Layout' | 'Pagination' = 'Layout'): void {
    if (!this.enabled) return;
    const wanted = node ?? 'artifact';
    if (this.open === wanted) return;
    this.close();
    if (node) {
      const element = this.element(node);
      const content = this.doc.markStructureContent(node.type);
      element.add(content);
    } else {
      this.doc.markContent('Artifact', { type: artifactType } as Parameters<Doc['markContent']>[1]);
    }
    this.open = wanted;
  }

  close(): void {
    if (this.open === undefined) return;
    this.doc.endMarkedContent();
    this.open = undefined;
  }

  /**
   * Ends a node whose content is complete: pdfkit writes it out (with its children) as soon as it can,
   * and its annotations point at the page drawn now.
   */
  end(node: StructNode): void {
    const element = this.elements.get(node);
    if (!element) return;
    element.end();
    this.elements.delete(node);
    this.ended.add(node);
  }

  finish(): void {
    this.close();
    if (this.enabled) this.element(this.root).end();
  }
}
