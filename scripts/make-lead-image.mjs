#!/usr/bin/env node
// Draws the sample manuscript's lead image: a flat illustration standing in for the original
// news photograph, which Pressroom may not redistribute. Deterministic: same bytes on every run.
// Usage: node scripts/make-lead-image.mjs manuscript/images/lead.png
import fs from 'node:fs';
import zlib from 'node:zlib';

const WIDTH = 1200;
const HEIGHT = 675;
const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);

const UKRAINE_BLUE = [0x00, 0x57, 0xb7];
const UKRAINE_YELLOW = [0xff, 0xd7, 0x00];
const NATO_NAVY = [0x00, 0x33, 0x66];
const WHITE = [0xff, 0xff, 0xff];

function set(x, y, color) {
  const offset = (y * WIDTH + x) * 3;
  pixels[offset] = color[0];
  pixels[offset + 1] = color[1];
  pixels[offset + 2] = color[2];
}

// Left: the flag of Ukraine. Right: a navy field with a four-pointed compass star, after NATO's emblem.
for (let y = 0; y < HEIGHT; y++) {
  for (let x = 0; x < WIDTH; x++) {
    if (x < WIDTH / 2) set(x, y, y < HEIGHT / 2 ? UKRAINE_BLUE : UKRAINE_YELLOW);
    else set(x, y, NATO_NAVY);
  }
}

const centreX = (WIDTH * 3) / 4;
const centreY = HEIGHT / 2;
const longArm = 230;
const shortArm = 42;
// A point is inside the star when it lies inside one of the four thin diamonds that form its arms.
function insideStar(x, y) {
  const dx = Math.abs(x - centreX);
  const dy = Math.abs(y - centreY);
  return dx / shortArm + dy / longArm <= 1 || dx / longArm + dy / shortArm <= 1;
}
function insideRing(x, y) {
  const distance = Math.hypot(x - centreX, y - centreY);
  return distance >= 120 && distance <= 132;
}
for (let y = 0; y < HEIGHT; y++) {
  for (let x = WIDTH / 2; x < WIDTH; x++) {
    if (insideStar(x, y) || insideRing(x, y)) set(x, y, WHITE);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(WIDTH, 0);
header.writeUInt32BE(HEIGHT, 4);
header[8] = 8; // bits per channel
header[9] = 2; // truecolour RGB
const rows = Buffer.alloc(HEIGHT * (1 + WIDTH * 3));
for (let y = 0; y < HEIGHT; y++) pixels.copy(rows, y * (1 + WIDTH * 3) + 1, y * WIDTH * 3, (y + 1) * WIDTH * 3);
// sRGB chunk: the colours above are sRGB values, which PDF/A output intents and readers assume.
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('sRGB', Buffer.from([0])),
  chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.writeFileSync(process.argv[2] ?? 'lead.png', png);
