import type { Manuscript } from '../core/article.js';
import { reportWarning } from '../core/diagnostics.js';
import { buildBody, loadRawHtmlTools } from './body.js';
import { modelHeadings } from './headings.js';
import type { IslandFinder } from './raw-html/islands.js';
import { needsSvgSanitizer, PictureShelf } from './pictures.js';
import { createState } from './state.js';
import type { DocumentModel } from './types.js';

/**
 * Resolves a manuscript into the document model every writer reads (see `DocumentModel`): the one
 * place where links, notes, headings, raw HTML, pictures and directions are decided. Its warnings
 * go on the manuscript's file once, whichever outputs are made. `islands` chooses the blocks the
 * HTML parser sees (the tests compare the default with parsing everything).
 */
export async function resolveDocument(manuscript: Manuscript, options: { islands?: IslandFinder } = {}): Promise<DocumentModel> {
  const { image: lead, cover } = manuscript.article;
  // The HTML parser and the SVG sanitiser are loaded only for manuscripts that need them.
  const svg = needsSvgSanitizer([lead?.asset, cover?.asset], manuscript.images) ? await import('./svg.js') : undefined;
  const pictures = new PictureShelf(manuscript.images, (reason, place, ruleId) => reportWarning(manuscript.file, reason, place, ruleId), svg?.sanitizeSvg);
  const leadAsset = lead?.asset ? pictures.check(lead.asset, lead.position) : undefined;
  const state = createState(manuscript, pictures);
  const rawHtml = state.hasRawHtml ? await loadRawHtmlTools() : undefined;
  const { body, notes } = buildBody(state, rawHtml ?? (options.islands ? await loadRawHtmlTools() : undefined), options.islands);
  return {
    file: manuscript.file,
    path: manuscript.path,
    root: manuscript.root,
    article: manuscript.article,
    lead: leadAsset,
    cover: cover?.asset ? pictures.check(cover.asset, cover.position) : undefined,
    body,
    notes,
    headings: modelHeadings(state.headings),
    pictures: pictures.byUrl,
    undescribedPictures: state.undescribedPictures,
  };
}

