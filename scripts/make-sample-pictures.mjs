#!/usr/bin/env node
// Draws the pictures of the sample edition's two sample articles: flat drawings, no photographs.
// Deterministic: the same bytes on every run.
// Usage: node scripts/make-sample-pictures.mjs manuscript/sample-edition/images
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** A canvas of RGB pixels written as a PNG. */
function canvas(width, height, background) {
  const pixels = Buffer.alloc(width * height * 3);
  const set = (x, y, [r, g, b]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const offset = (y * width + x) * 3;
    pixels[offset] = r;
    pixels[offset + 1] = g;
    pixels[offset + 2] = b;
  };
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) set(x, y, background);
  const fill = (inside, color) => {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (inside(x, y)) set(x, y, color);
  };
  const png = () => {
    const raw = Buffer.alloc((width * 3 + 1) * height);
    for (let y = 0; y < height; y++) pixels.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
    const chunk = (type, data) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header[8] = 8;
    header[9] = 2;
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  };
  return { fill, png };
}

const out = process.argv[2] ?? 'manuscript/sample-edition/images';
fs.mkdirSync(out, { recursive: true });

// A stack of pages fanned out, as an edition gathers articles: landscape, 3:2.
{
  const picture = canvas(900, 600, [0xf4, 0xf1, 0xea]);
  const colours = [[0x00, 0x33, 0x66], [0x2f, 0x6f, 0x8f], [0xd9, 0x8e, 0x04], [0xff, 0xff, 0xff]];
  colours.forEach((colour, index) => {
    const left = 180 + index * 90;
    const top = 90 + index * 40;
    picture.fill((x, y) => x >= left && x < left + 360 && y >= top && y < top + 380, colour);
  });
  // Lines of "text" on the top page.
  for (let line = 0; line < 9; line++) {
    const top = 230 + line * 26;
    picture.fill((x, y) => x >= 480 && x < (line % 3 === 2 ? 700 : 770) && y >= top && y < top + 8, [0x55, 0x55, 0x55]);
  }
  fs.writeFileSync(path.join(out, 'pages.png'), picture.png());
}

// A tall bar chart with a baseline: portrait, 2:3.
{
  const picture = canvas(480, 720, [0xff, 0xff, 0xff]);
  const heights = [210, 340, 290, 470, 520];
  heights.forEach((height, index) => {
    const left = 50 + index * 82;
    picture.fill((x, y) => x >= left && x < left + 58 && y >= 650 - height && y < 650, index === heights.length - 1 ? [0xd9, 0x8e, 0x04] : [0x00, 0x33, 0x66]);
  });
  picture.fill((x, y) => x >= 30 && x < 450 && y >= 650 && y < 654, [0x22, 0x22, 0x22]);
  fs.writeFileSync(path.join(out, 'chart.png'), picture.png());
}
