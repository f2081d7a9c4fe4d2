export const HELP = `pressroom — turns Markdown news manuscripts into EPUB 3 and print PDF

Usage:
  pressroom build [PATH...] [options]   build each manuscript into out/<slug>.epub and out/<slug>.pdf
  pressroom check [PATH...] [options]   read and validate manuscripts and templates without building
  pressroom new [SLUG] [options]        write a manuscript skeleton, every field explained
  pressroom watch [PATH...] [options]   build, then rebuild what changes on save
  pressroom package [PATH...] [options]
                                        package each manuscript for an archive: a BagIt bag
                                        out/<slug>-bag/ (EPUB, PDF/A-3b, source, metadata)
  pressroom verify BAG...               check BagIt bags (folders, .zip, .tar) and their checksums
  pressroom serve [DIR] [options]       serve an output folder over HTTP: download page and
                                        OPDS catalogue for e-reader apps (default: out)
  pressroom help [COMMAND]              show help for a command
  pressroom --version                   print the version

Run \`pressroom help build\` for the options.
`;

const REPORT_OPTIONS_TEXT = `  -q, --quiet            print errors and the summary only (no notes, warnings or
                         per-manuscript lines)
      --all-warnings     print every warning and note (by default, of each kind of alike
                         messages the first 3 are printed, then "and N more like this")
      --max-warnings N   fail (exit 1) when there are more than N warnings, as eslint does
`;

const REPORT_FORMATS_TEXT = `Report formats: text (path:line:col: error|warning|note: message, on stderr), json (one
JSON object per line on stdout: each diagnostic, each manuscript, then a summary), github
(GitHub Actions ::error file=…,line=…,col=…:: annotations on stdout), sarif (one SARIF 2.1.0
log on stdout, for code scanning).
`;

const BUILD_OPTIONS_TEXT = `Options:
  -o, --out DIR          output folder (default: out)
  -f, --format LIST      comma-separated: formats to build (epub, pdf; default: both) and
                         at most one report format (text, json, github, sarif; default: text)
  -t, --template NAME    template for every manuscript: a built-in name (article, handout,
                         archival) or a template folder path; wins over front matter template:
  -j, --jobs N           worker threads for a batch (default: one per core)
      --force            rebuild even articles the cache says are unchanged
      --shard K/N        build only the K-th of N stable parts of the inputs (for spreading a
                         batch over machines: each machine runs the same command with its own K)
      --archive          also write each article's archival BagIt bag <slug>-bag/ (as
                         \`pressroom package\`) holding the very EPUB and PDF written to DIR;
                         the PDF is then PDF/A-3b with the manuscript attached
      --drafts           build drafts too (draft: true, or Jekyll's published: false); by
                         default they are left out, with a note
${REPORT_OPTIONS_TEXT}      --debug            print stack traces of internal errors
  -h, --help             show this help
`;

export const COMMAND_HELP: Record<string, string> = {
  build: `Usage: pressroom build [PATH...] [options]

Builds every manuscript named. PATH is a .md file or a folder (all .md files below it);
default: manuscript. Articles unchanged since their last build (same manuscript, pictures,
template and settings) are skipped; out/.pressroom-cache/ remembers them and may be deleted.

${BUILD_OPTIONS_TEXT}
Exit codes: 0 all built, 1 a manuscript failed (the others are still built) or more
warnings than --max-warnings, 2 usage error.
${REPORT_FORMATS_TEXT}Set SOURCE_DATE_EPOCH to fix every timestamp in the outputs; otherwise the article's own
updated (or published) date is used, so builds are reproducible.
`,
  check: `Usage: pressroom check [PATH...] [options]

Reads and validates, without rendering anything: manuscripts (front matter, Markdown,
pictures, the template each names, output names two manuscripts share) and templates.
PATH is a .md file, a template folder (one with a print.yaml), or a folder: every
manuscript and template folder below it; default: manuscript. Problems that only
rendering finds (a character no font has, raw HTML the EPUB cannot keep, links to
nowhere) are left to build.

Options:
  -f, --format FORMAT    report format: text (default), json, github, sarif
  -t, --template NAME    check every manuscript against this template (as build --template)
  -o, --out DIR          output folder to leave out of folders (default: out)
  -j, --jobs N           worker threads for many manuscripts (default: one per core, at most 4)
      --drafts           check drafts too; by default they are left out, with a note
      --cache            keep the results of manuscripts that pass in .pressroom-cache/ and
                         take them again while nothing they were read from changed
${REPORT_OPTIONS_TEXT}      --debug            print stack traces of internal errors
  -h, --help             show this help

Exit codes: 0 nothing failed, 1 an input has errors or more warnings than --max-warnings,
2 usage error. Clean inputs are not listed; the last line counts them.
${REPORT_FORMATS_TEXT}`,
  new: `Usage: pressroom new [SLUG] [options]

Writes DIR/SLUG.md (default: manuscript/new-article.md), a manuscript whose comments explain
every front matter field, dated now in the given time zone, with a drawn placeholder lead
picture in DIR/images/SLUG.svg. It builds as written. Nothing is overwritten without --force.

Options:
  -d, --dir DIR          folder to write into (default: manuscript)
      --timezone ZONE    IANA time zone for published: and timezone: (default: this
                         machine's zone)
      --title TEXT       the headline (default: made from SLUG)
      --lang TAG         the article's language, a BCP 47 tag (default: en)
      --force            overwrite an existing manuscript or picture
  -h, --help             show this help

SOURCE_DATE_EPOCH, when set, stands in for the current time.
`,
  watch: `Usage: pressroom watch [PATH...] [options]

Builds like \`pressroom build\`, then watches the manuscripts (and the templates) and rebuilds
what changed each time a file is saved, printing one line per rebuild with its time. Errors are
printed and watching goes on. Ctrl-C stops it.

${BUILD_OPTIONS_TEXT}`,
  package: `Usage: pressroom package [PATH...] [options]

Packages each manuscript for an archive: a BagIt bag (RFC 8493, version 1.0) named
<slug>-bag holding, under data/, the EPUB, the archival PDF (PDF/A-3b with the manuscript
attached), the manuscript and its pictures under source/ (same relative paths),
metadata.json and dc.xml (Dublin Core); with bagit.txt, bag-info.txt, SHA-256 and SHA-512
manifests and tag manifests. PATH is a .md file or a folder; default: manuscript.

Options:
  -o, --out DIR          output folder (default: out): bags are written to DIR/<slug>-bag/
  -t, --template NAME    template (default: archival); it must have pdf.pdfa: 3b and
                         pdf.attach_source: true
      --zip              write each bag as one file DIR/<slug>-bag.zip instead of a folder
      --tar              write each bag as one file DIR/<slug>-bag.tar instead of a folder
      --folder           write the folder too, with --zip or --tar
  -q, --quiet            print only problems
      --debug            print stack traces of internal errors
  -h, --help             show this help

Exit codes: 0 all packaged, 1 a manuscript failed (the others are still packaged), 2 usage error.
Bags are byte-identical between builds of the same inputs: every date comes from
SOURCE_DATE_EPOCH or the article's updated (or published) date. Check one with
\`pressroom verify\`.
`,
  verify: `Usage: pressroom verify BAG... [options]

Checks each BagIt bag (RFC 8493): a bag folder, or a bag serialised as .zip, .tar or .tar.gz
(the bag in the archive's one top folder). Works on bags any tool made: bagit.txt and its
format, every manifest present (md5, sha1, sha224, sha256, sha384, sha512), each payload file
listed in every payload manifest and matching its checksums, no payload file missing or
extra, Payload-Oxum in bag-info.txt (optional), and every tag manifest entry.

Options:
  -q, --quiet            print nothing for valid bags
  -h, --help             show this help

Each problem is one line on stderr, BAG/path: what is wrong, then a summary line.
Exit codes: 0 every bag valid, 1 a bag is invalid, 2 usage error (such as a missing BAG).
`,
  serve: `Usage: pressroom serve [DIR] [options]

Serves the output folder DIR (default: out) over HTTP, read-only: the download page at /,
the OPDS catalogue for e-reader apps (KOReader, Thorium, Moon+ Reader, Calibre) at /opds.xml
(OPDS 1.2) and /opds.json (OPDS 2.0), and the books. \`pressroom build\` writes that catalogue
into the folder; serve refreshes it on start, so books from earlier runs or other shards are
listed. Downloads resume (byte ranges), unchanged files answer 304, and text is gzipped.
One line per request is logged. Ctrl-C stops it.

Options:
  -p, --port N           port to listen on (default: 8080; 0 picks a free one)
      --host ADDRESS     address to listen on (default: 127.0.0.1, this machine only;
                         0.0.0.0 for every machine on the network)
  -w, --watch            build first, then rebuild the articles and the catalogue when a
                         manuscript, picture or template changes (the build cache skips what
                         did not), and reindex when books appear in DIR
      --source PATH      with --watch: manuscripts to build (.md file or folder; repeatable;
                         default: manuscript)
  -f, --format LIST      with --watch: formats to build (default: epub,pdf)
  -t, --template NAME    with --watch: template for every manuscript
  -j, --jobs N           with --watch: worker threads
  -q, --quiet            no request log
      --debug            print stack traces of internal errors
  -h, --help             show this help

Exit codes: 1 the port cannot be used, 2 usage error (such as a missing DIR).
`,
};
