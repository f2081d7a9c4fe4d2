export const HELP = `pressroom — turns Markdown news manuscripts into EPUB 3 and print PDF

Usage:
  pressroom build [PATH...] [options]   build each manuscript into out/<slug>.epub and out/<slug>.pdf
  pressroom watch [PATH...] [options]   build, then rebuild what changes on save
  pressroom help [COMMAND]              show help for a command
  pressroom --version                   print the version

Run \`pressroom help build\` for the options.
`;

const BUILD_OPTIONS_TEXT = `Options:
  -o, --out DIR          output folder (default: out)
  -f, --format LIST      comma-separated formats to build: epub, pdf (default: both)
  -t, --template NAME    template for every manuscript: a built-in name (article, handout,
                         archival) or a template folder path; wins over front matter template:
  -j, --jobs N           worker threads for a batch (default: one per core)
      --force            rebuild even articles the cache says are unchanged
      --shard K/N        build only the K-th of N stable parts of the inputs (for spreading a
                         batch over machines: each machine runs the same command with its own K)
  -q, --quiet            print only problems
      --debug            print stack traces of internal errors
  -h, --help             show this help
`;

export const COMMAND_HELP: Record<string, string> = {
  build: `Usage: pressroom build [PATH...] [options]

Builds every manuscript named. PATH is a .md file or a folder (all .md files below it);
default: manuscript. Articles unchanged since their last build (same manuscript, pictures,
template and settings) are skipped; out/.pressroom-cache/ remembers them and may be deleted.

${BUILD_OPTIONS_TEXT}
Exit codes: 0 all built, 1 a manuscript failed (the others are still built), 2 usage error.
Messages go to stderr as path:line:column: error|warning: message.
Set SOURCE_DATE_EPOCH to fix every timestamp in the outputs; otherwise the article's own
updated (or published) date is used, so builds are reproducible.
`,
  watch: `Usage: pressroom watch [PATH...] [options]

Builds like \`pressroom build\`, then watches the manuscripts (and the templates) and rebuilds
what changed each time a file is saved, printing one line per rebuild with its time. Errors are
printed and watching goes on. Ctrl-C stops it.

${BUILD_OPTIONS_TEXT}`,
};
