/** What `pressroom new` writes: a manuscript whose comments explain every front matter field. */
export interface Skeleton {
  slug: string;
  title: string;
  /** Now, in `timezone`, as ISO 8601 with its offset. */
  published: string;
  timezone: string;
  lang: string;
  /** The placeholder picture's path, relative to the manuscript. */
  picture: string;
}

export function manuscriptSkeleton(skeleton: Skeleton): string {
  return `---
# What Pressroom knows about the article, in YAML. Lines that start with # are comments.
# title, reporter and published are required; delete any other field you do not need.
# Every field: see "Front-matter fields" in Pressroom's README.

# The headline.
title: ${JSON.stringify(skeleton.title)}

# The standfirst printed under the headline; also the EPUB's description.
dek: "One or two sentences that say what happened and why it matters."

# Who wrote it: one name, or a list of names:
#   reporter:
#     - First Reporter
#     - Second Reporter
reporter: Your Name

# When it appeared: ISO 8601 with its UTC offset, or a bare date such as 2024-03-05.
# Written by \`pressroom new\` as the time it ran, in ${skeleton.timezone}.
published: ${skeleton.published}

# When it last changed: the same form, never before published. Uncomment it when you update the story.
# updated: ${skeleton.published}

# The IANA time zone the dates are printed in (e.g. Europe/Berlin, Asia/Kolkata, America/New_York).
timezone: ${skeleton.timezone}

# The publication's name: printed in the running header, and the EPUB's publisher.
# publisher: The Daily Example

# The language, as a BCP 47 tag (en, en-GB, de, pt-BR, uk, ar …): hyphenation, date wording,
# and the words Pressroom prints around the article ("By", "Published").
lang: ${skeleton.lang}

# The output files' name: out/${skeleton.slug}.epub and out/${skeleton.slug}.pdf.
# Lowercase letters, digits and single hyphens; default: the manuscript's file name.
slug: ${skeleton.slug}

# The lead picture: a file beside the manuscript (PNG, JPEG, GIF, WebP or SVG), with alt text that
# describes it for readers who cannot see it. Replace the drawn placeholder with your picture, or
# delete these five lines to publish without one.
image:
  src: ${skeleton.picture}
  alt: "Placeholder drawing: a grey frame with a sun over two hills, where the article's picture will go."
  caption: "Placeholder: replace ${skeleton.picture} with the article's picture."
  credit: Pressroom

# Subjects: the EPUB's subjects and the PDF's keywords. One word, or a list.
tags:
  - News

# A rights statement, copied as it is written.
# rights: "© The Daily Example. All rights reserved."

# A stable identifier for the book (a URN, DOI or URL); by default one is derived from the
# publisher and the slug, the same on every build.
# identifier: urn:uuid:…

# The article's own web address. Relative links in the text are resolved against it.
# url: https://example.com/news/${skeleton.slug}

# The template: article (the default), handout, archival, or the path of a template folder.
# template: article

# true keeps the manuscript out of builds until it is ready; \`pressroom build --drafts\` includes it.
# draft: true
---

Write the article here, in Markdown. The first paragraph is the lead: say who did what, where and
when.

A blank line starts a new paragraph. Use *emphasis* and **strong** words sparingly, and link to
your sources: [the agency's statement](https://example.com/statement).

## A subheading splits a long story

> Quotations stand out when set as a block.

Pictures in the text are written as \`![a description of what it shows](images/file.png)\`, and
footnotes as a mark[^1] with the note below.

[^1]: Notes are printed at the end of the article.
`;
}

/**
 * The placeholder lead picture: a frame with a sun over two hills, the usual sign for "a picture
 * goes here". Shapes only, no text, so it looks the same in every reader and every PDF.
 */
export const PLACEHOLDER_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675">
  <rect width="1200" height="675" fill="#e4e7eb"/>
  <rect x="24" y="24" width="1152" height="627" fill="none" stroke="#9aa5b1" stroke-width="8"/>
  <circle cx="840" cy="220" r="70" fill="#9aa5b1"/>
  <path d="M24 651 L380 300 L620 540 L800 390 L1176 651 Z" fill="#7b8794"/>
</svg>
`;
