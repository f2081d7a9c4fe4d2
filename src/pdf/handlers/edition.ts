import { formatArticleDate } from '../../core/dates.js';
import { bylineText } from '../../core/display.js';
import type { EditionModel } from '../../model/edition.js';
import type { DocumentModel } from '../../model/types.js';
import type { DrawOp } from '../layout/types.js';
import { faceFor } from '../text/compose.js';
import type { InlineStyle } from '../text/types.js';
import { textRun } from './inline.js';
import { labelOps } from './label.js';
import type { State } from './state.js';

/**
 * An edition's first page: publisher, title, dek and the day it appears, in its language and zone, then a rule
 * under which the contents follow (as a newspaper's front page boxes what is inside).
 */
export function editionTitlePage(state: State, edition: EditionModel): void {
  const { theme } = state;
  const info = edition.edition;
  const width = state.geometry.textWidth;
  state.within({ width, left: 0, right: 0, struct: state.root }, () => {
    const line = (text: string, style: InlineStyle, type: string, leadingFactor: number) => {
      const struct = state.struct(type);
      state.setParagraph([textRun(text, { style, struct, hyphenate: false })], {
        struct,
        align: 'start',
        size: style.size,
        leading: style.size * leadingFactor,
        hyphenate: false,
        keep: 'all',
        baseStyle: style,
        role: 'title',
      });
    };
    const sans = (size: number, bold: boolean, color: string): InlineStyle => ({ role: 'sans', bold, italic: false, size, color });
    state.space(state.geometry.textHeight * 0.04);
    if (info.publisher) {
      line(info.publisher.toLocaleUpperCase(info.lang), sans(theme.base.fontSize * 1.1, true, theme.links.color), 'P', 1.3);
      state.space(10);
    }
    const size = theme.titleBlock.headlineSize * 1.5;
    line(info.title, { role: theme.headings.font, bold: false, italic: false, size, color: theme.headings.color }, 'H1', 1.1);
    if (info.dek) {
      state.space(12);
      line(info.dek, { role: 'body', bold: false, italic: true, size: theme.titleBlock.dekSize * 1.2, color: theme.base.color }, 'P', 1.32);
    }
    state.space(18);
    line(formatArticleDate(info.published, info.timezone, info.lang), sans(theme.base.fontSize, false, theme.credit.color), 'P', 1.3);
    state.space(14);
    state.emit({ kind: 'block', height: 6, role: 'rule', ops: [{ kind: 'rule', x1: 0, y1: 3, x2: width, y2: 3, width: 1.2, color: theme.headings.color }] });
    state.space(10);
  });
  state.previous = 'start';
}

/**
 * The imprint at the foot of the title page (a colophon): a rule across the text, then the publisher, the day,
 * the rights and the identifier, in small type.
 */
export function editionColophon(state: State, edition: EditionModel): void {
  const { theme } = state;
  const info = edition.edition;
  const width = state.geometry.textWidth;
  state.within({ width, left: 0, right: 0, struct: state.root }, () => {
    state.emit({ kind: 'block', height: 8, role: 'rule', ops: [{ kind: 'rule', x1: 0, y1: 2, x2: width, y2: 2, width: 0.5, color: theme.credit.color }] });
    const style: InlineStyle = { role: 'sans', bold: false, italic: false, size: theme.base.fontSize * 0.78, color: theme.credit.color };
    const date = formatArticleDate(info.published, info.timezone, info.lang);
    const lines = [[info.publisher, date].filter(Boolean).join(' · '), info.rights, info.identifier].filter((text): text is string => Boolean(text));
    for (const text of lines) {
      const struct = state.struct('P');
      state.setParagraph([textRun(text, { style, struct, hyphenate: false })], {
        struct,
        align: 'start',
        size: style.size,
        leading: style.size * 1.35,
        hyphenate: false,
        keep: 'all',
        baseStyle: style,
        role: 'title',
      });
    }
  });
  state.previous = 'start';
}

/** Where each article of the edition begins: its page (from 1, as printed) and its named destination. */
export interface ArticleStart {
  page: number;
  destination: string;
}

const NUMBER_GAP = 12;

/**
 * The contents: each section, then each of its articles with its reporters and the page it begins
 * on, the title a link to it. `starts` are known only once the articles are laid out: a first pass
 * gives placeholders, which take the same room (the numbers stand in a column of their own).
 */
export function editionContents(state: State, edition: EditionModel, heading: string, starts: readonly (ArticleStart | undefined)[]): void {
  const { theme } = state;
  const width = state.geometry.textWidth;
  state.within({ width, left: 0, right: 0, struct: state.root }, () => {
    const headingStyle: InlineStyle = { role: theme.headings.font, bold: false, italic: false, size: theme.headings.sizes[1], color: theme.headings.color };
    const headingStruct = state.struct('H2');
    const headingBlocks = state.setParagraph([textRun(heading, { style: headingStyle, struct: headingStruct, hyphenate: false })], {
      struct: headingStruct,
      align: 'start',
      size: headingStyle.size,
      leading: headingStyle.size * 1.25,
      role: 'heading',
      keep: 'all',
      hyphenate: false,
      baseStyle: headingStyle,
    });
    headingBlocks[0]?.ops.unshift({ kind: 'outline', title: heading, level: 1, y: 0 });
    state.space(state.context.leading);
    const toc = state.struct('TOC');
    const numberStyle = state.bodyStyle();
    const numberFace = faceFor(state.book, numberStyle);
    const numberWidth = state.book.width(numberFace, '0000', numberStyle.size);
    let index = 0;
    for (const section of edition.sections) {
      const sectionStyle: InlineStyle = { role: 'sans', bold: true, italic: false, size: theme.base.fontSize * 0.9, color: theme.links.color };
      const sectionStruct = state.struct('TOCI', {}, toc);
      const label = state.struct('Lbl', {}, sectionStruct);
      state.space(state.context.leading * 0.6);
      state.setParagraph([textRun(section.title.toLocaleUpperCase(edition.edition.lang), { style: sectionStyle, struct: label, hyphenate: false })], {
        struct: label,
        align: 'start',
        size: sectionStyle.size,
        leading: sectionStyle.size * 1.5,
        role: 'heading',
        keep: 'all',
        hyphenate: false,
        baseStyle: sectionStyle,
      });
      for (const document of section.articles) contentsEntry(state, document, toc, starts[index++], numberWidth);
    }
  });
  state.previous = 'start';
}

function contentsEntry(state: State, document: DocumentModel, toc: ReturnType<State['struct']>, start: ArticleStart | undefined, numberWidth: number): void {
  const { theme } = state;
  const { article } = document;
  const entry = state.struct('TOCI', { lang: article.lang }, toc);
  const reference = state.struct('Reference', {}, entry);
  const link = state.struct('Link', {}, reference);
  const style: InlineStyle = { ...state.bodyStyle(), color: theme.base.color };
  const target = start ? { kind: 'internal' as const, name: start.destination } : undefined;
  const titleRun = textRun(article.title, { style, struct: link, ...(target ? { link: target } : {}) });
  state.space(state.context.leading * 0.25);
  const lines = state.within({ right: numberWidth + NUMBER_GAP }, () =>
    state.setParagraph([titleRun], { struct: link, align: 'start', keep: 'all', hyphenate: false }),
  );
  const last = lines[lines.length - 1];
  if (last && start) {
    const face = faceFor(state.book, style);
    const baseline = last.ops.find((op) => op.kind === 'text')?.y ?? state.context.leading * 0.75;
    const number: DrawOp[] = labelOps(state, String(start.page), { face, size: style.size, color: theme.base.color }, link, { right: state.context.width }, baseline);
    last.ops.push(...number);
  }
  if (article.reporters.length > 0) {
    const byline = state.struct('P', {}, entry);
    const bylineStyle: InlineStyle = { role: 'sans', bold: false, italic: false, size: theme.base.fontSize * 0.8, color: theme.credit.color };
    state.within({ right: numberWidth + NUMBER_GAP }, () =>
      state.setParagraph([textRun(bylineText(article), { style: bylineStyle, struct: byline, hyphenate: false })], {
        struct: byline,
        align: 'start',
        size: bylineStyle.size,
        leading: bylineStyle.size * 1.35,
        keep: 'all',
        hyphenate: false,
        baseStyle: bylineStyle,
      }),
    );
  }
}
