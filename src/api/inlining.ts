/**
 * TurboFan's inlining, switched off while the two workers building one long manuscript parse it.
 *
 * micromark is a web of small closures. Optimizing them with inlining, V8 spends about 1.3 s of CPU
 * compiling while it parses a 300,000-word manuscript in 3.7 s. When two workers parse the two
 * halves of a long manuscript, that compiling takes the cores they parse on: each half took 3.3 s
 * with inlining and 2.7 s without (measured on 2 cores). Rendering is slightly faster with inlining,
 * so it is off only from when both workers have begun parsing until both have parsed.
 *
 * The flag is process-wide, so the main thread alone switches it (workers report their stages), and
 * only when one long manuscript builds alone: no other worker is rendering then. With the flag off V8
 * has no code cache to take (they are filed by its flags: src/boot/code-cache.ts); the workers have
 * loaded their parser by then, and load their renderers after. A flag given to Node on the command
 * line is left as it is.
 */

/** The stages a worker reports while it reads its half of a long manuscript. */
export type ReadStage = 'parsing' | 'parsed';

const USER_FLAG = /^--(no-?)?turbo[-_]inlining(=|$)/;

export class ParsingWindow {
  private begun = 0;
  private done = 0;
  private switchedOff = false;
  private closed = false;

  constructor(private readonly parts: number) {}

  /** A part's stage: inlining goes off when every part is parsing, and on again when every part has parsed. */
  readonly report = (stage: ReadStage): void => {
    if (this.closed) return;
    if (stage === 'parsing' && ++this.begun === this.parts) this.switchOff();
    if (stage === 'parsed' && ++this.done === this.parts) this.close();
  };

  /** Ends the window (a part stopped, the build ended): inlining is on again. Safe to call more than once. */
  close(): void {
    this.closed = true;
    if (!this.switchedOff) return;
    this.switchedOff = false;
    process.getBuiltinModule('node:v8').setFlagsFromString('--turbo-inlining');
  }

  private switchOff(): void {
    if (process.execArgv.some((argument) => USER_FLAG.test(argument))) return;
    process.getBuiltinModule('node:v8').setFlagsFromString('--no-turbo-inlining');
    this.switchedOff = true;
  }
}
