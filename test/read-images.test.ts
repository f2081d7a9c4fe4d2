import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BuildAbort, formatMessage } from '../src/core/diagnostics.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { makeTemp, REPO_ROOT, removeTemp } from './helpers/cli.js';

const LEAD_PNG = fs.readFileSync(path.join(REPO_ROOT, 'manuscript', 'images', 'lead.png'));
const FRONT = ['title: A', 'reporter: B', 'published: 2023-04-21'];

describe('pictures named by a manuscript', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
    fs.mkdirSync(path.join(dir, 'story', 'images'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'story', 'images', 'good.png'), LEAD_PNG);
    fs.writeFileSync(path.join(dir, 'story', 'images', 'notes.png'), 'these are notes, not a picture\n');
    fs.writeFileSync(path.join(dir, 'story', 'images', 'cut.png'), LEAD_PNG.subarray(0, LEAD_PNG.length / 2));
    fs.writeFileSync(path.join(dir, 'story', 'images', 'old.bmp'), Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]));
    fs.writeFileSync(path.join(dir, 'secret.png'), LEAD_PNG);
  });
  afterEach(() => removeTemp(dir));

  function messagesFor(body: string, extraFront: string[] = []): string[] {
    const manuscriptPath = path.join(dir, 'story', 'story.md');
    fs.writeFileSync(manuscriptPath, `---\n${[...FRONT, ...extraFront].join('\n')}\n---\n\n${body}\n`);
    const file = newManuscriptFile('story.md');
    try {
      readManuscript(manuscriptPath, file);
    } catch (error) {
      if (!(error instanceof BuildAbort)) throw error;
    }
    return file.messages.map((message) => formatMessage(message));
  }

  it('loads a good picture, measured', () => {
    const manuscriptPath = path.join(dir, 'story', 'story.md');
    fs.writeFileSync(manuscriptPath, `---\n${FRONT.join('\n')}\n---\n\n![A flag](images/good.png)\n`);
    const manuscript = readManuscript(manuscriptPath, newManuscriptFile('story.md'));
    expect(manuscript.images.get('images/good.png')).toMatchObject({ mediaType: 'image/png', width: 1200, height: 675 });
  });

  it.each([
    ['missing', 'images/nowhere.png', /error: image "images\/nowhere\.png" not found/],
    ['not an image', 'images/notes.png', /error: image "images\/notes\.png" is not a PNG, JPEG, GIF, WebP or SVG picture/],
    ['truncated', 'images/cut.png', /error: image "images\/cut\.png" is truncated/],
    ['of an unsupported type', 'images/old.bmp', /error: image "images\/old\.bmp" is not a PNG, JPEG, GIF, WebP or SVG picture/],
    ['outside the folder', '../secret.png', /error: image path "\.\.\/secret\.png" leads outside the manuscript's folder/],
    ['far outside the folder', '../../etc/passwd', /error: image path "\.\.\/\.\.\/etc\/passwd" leads outside/],
    ['absolute', '/etc/passwd', /error: image path "\/etc\/passwd" is absolute/],
  ])('an inline picture %s is an error at its position', (_case, src, expected) => {
    const messages = messagesFor(`Text first.\n\n![Alt text](${src})`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^story\.md:9:1: /);
    expect(messages[0]).toMatch(expected);
  });

  it('a lead picture that is missing is an error at its src line', () => {
    const messages = messagesFor('Body.', ['image:', '  src: images/nowhere.jpg', '  alt: Something']);
    expect(messages).toEqual([expect.stringMatching(/^story\.md:6:8: error: image "images\/nowhere\.jpg" not found/)]);
  });

  it('a lead picture without alt text is an error', () => {
    const messages = messagesFor('Body.', ['image:', '  src: images/good.png']);
    expect(messages).toEqual([expect.stringMatching(/^story\.md:6:8: error: "image" has no "alt" text/)]);
  });

  it('a remote picture is a warning and the build goes on', () => {
    const messages = messagesFor('![A remote chart](https://example.com/chart.png)');
    expect(messages).toEqual([expect.stringMatching(/^story\.md:7:1: warning: remote image "https:\/\/example\.com\/chart\.png" is not downloaded/)]);
  });

  it('a picture without alt text is a warning', () => {
    expect(messagesFor('![](images/good.png)')).toEqual([expect.stringMatching(/^story\.md:7:1: warning: image "images\/good\.png" has no alt text/)]);
  });

  it('a huge picture is refused before anything decodes it', () => {
    const header = Buffer.from(LEAD_PNG);
    header.writeUInt32BE(20_000, 16);
    header.writeUInt32BE(20_000, 20);
    fs.writeFileSync(path.join(dir, 'story', 'images', 'huge.png'), header);
    expect(messagesFor('![Huge](images/huge.png)')).toEqual([expect.stringMatching(/error: image "images\/huge\.png" is 20000×20000 pixels/)]);
  });
});
