export const HELP = `pressroom — turns Markdown news manuscripts into EPUB 3 and print PDF

Usage:
  pressroom build [PATH...] [options]   build each manuscript into out/<slug>.epub and out/<slug>.pdf
  pressroom help [COMMAND]              show help for a command
  pressroom --version                   print the version

Run \`pressroom help build\` for the build options.
`;

export const COMMAND_HELP: Record<string, string> = {
  build: `Usage: pressroom build [PATH...] [options]

Builds every manuscript named. PATH is a .md file or a folder (all .md files below it);
default: manuscript

Options:
  -o, --out DIR          output folder (default: out)
  -f, --format LIST      comma-separated formats to build: epub, pdf (default: both)
  -t, --template NAME    template for every manuscript: a built-in name or a template folder path;
                         wins over the front matter's template: (default: article)
  -q, --quiet            print only problems
      --debug            print stack traces of internal errors
  -h, --help             show this help

Exit codes: 0 all built, 1 a manuscript failed (the others are still built), 2 usage error.
Messages go to stderr as path:line:column: error|warning: message.
Set SOURCE_DATE_EPOCH to fix every timestamp in the outputs; otherwise the article's own
updated (or published) date is used, so builds are reproducible.
`,
};
