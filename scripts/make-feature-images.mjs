#!/usr/bin/env node
// Draws the pictures of the long-feature fixture (test/fixtures/long-feature/images/): one of each shape
// a page builder must place — portrait, square, landscape, a 3:1 panorama and a tall chart. Shapes only
// (no text, so no font is involved); sharp turns each SVG into a PNG. Usage: node scripts/make-feature-images.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'long-feature', 'images');

const sky = (width, height) => `<rect width="${width}" height="${height}" fill="#cfe3f2"/>`;
const sea = (width, height, from) => `<rect y="${from}" width="${width}" height="${height - from}" fill="#2f6f9f"/>`;
const crane = (x, base, scale) =>
  `<g fill="#c8452f"><rect x="${x}" y="${base - 220 * scale}" width="${14 * scale}" height="${220 * scale}"/>` +
  `<rect x="${x - 90 * scale}" y="${base - 220 * scale}" width="${200 * scale}" height="${12 * scale}"/>` +
  `<rect x="${x + 60 * scale}" y="${base - 208 * scale}" width="${4 * scale}" height="${80 * scale}"/></g>`;
const boxes = (x, base, count, size) =>
  Array.from({ length: count }, (_, index) => `<rect x="${x + index * (size + 4)}" y="${base - size}" width="${size}" height="${size * 0.8}" fill="${['#e0a030', '#3f8f5f', '#7a4fa0', '#d05050'][index % 4]}"/>`).join('');

const pictures = {
  // 3:2, the harbour from the water.
  'landscape.png': [1200, 800, (w, h) => `${sky(w, h)}${sea(w, h, 560)}<rect y="470" width="${w}" height="90" fill="#8a8a80"/>${crane(260, 470, 1.4)}${crane(700, 470, 1.1)}${boxes(420, 470, 6, 40)}`],
  // 2:3, the harbour master's lighthouse.
  'portrait.png': [600, 900, (w, h) => `${sky(w, h)}${sea(w, h, 700)}<polygon points="250,700 350,700 330,220 270,220" fill="#f4f4f0"/><rect x="262" y="300" width="76" height="40" fill="#c8452f"/><rect x="262" y="460" width="76" height="40" fill="#c8452f"/><rect x="255" y="170" width="90" height="50" fill="#333"/><circle cx="300" cy="195" r="16" fill="#ffd84a"/>`],
  // 1:1, a container seen from above.
  'square.png': [800, 800, (w, h) => `<rect width="${w}" height="${h}" fill="#3f8f5f"/>${Array.from({ length: 9 }, (_, index) => `<rect x="${80 + index * 72}" y="80" width="40" height="640" fill="#2f6f4a"/>`).join('')}<rect x="60" y="60" width="680" height="680" fill="none" stroke="#1d3f2c" stroke-width="24"/>`],
  // 3:1, the waterfront from end to end.
  'panorama.png': [1800, 600, (w, h) => `${sky(w, h)}${sea(w, h, 430)}<rect y="360" width="${w}" height="70" fill="#8a8a80"/>${[150, 520, 900, 1280, 1620].map((x, index) => crane(x, 360, 0.9 + (index % 2) * 0.3)).join('')}${boxes(260, 360, 5, 34)}${boxes(1020, 360, 6, 30)}`],
  // 5:11, a bar chart of ships a year (bars only).
  'chart.png': [500, 1100, (w, h) => `<rect width="${w}" height="${h}" fill="#ffffff"/><line x1="60" y1="40" x2="60" y2="1040" stroke="#222" stroke-width="4"/><line x1="60" y1="1040" x2="470" y2="1040" stroke="#222" stroke-width="4"/>${[620, 700, 540, 810, 880, 930, 760, 990].map((value, index) => `<rect x="${80 + index * 48}" y="${1040 - value}" width="36" height="${value}" fill="${index === 7 ? '#c8452f' : '#2f6f9f'}"/>`).join('')}`],
};

fs.mkdirSync(OUT, { recursive: true });
for (const [name, [width, height, draw]] of Object.entries(pictures)) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${draw(width, height)}</svg>`;
  await sharp(Buffer.from(svg)).png({ compressionLevel: 9, palette: true }).toFile(path.join(OUT, name));
}
console.log(`wrote ${Object.keys(pictures).length} pictures to ${path.relative(process.cwd(), OUT)}`);
