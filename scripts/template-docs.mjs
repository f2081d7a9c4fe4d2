#!/usr/bin/env node
// Writes the README's tables of template keys (print.yaml, ebook.yaml) from the schema in
// src/template/schema.ts and the built-in templates' values. Usage: npm run template-docs
// (test/template-docs.test.ts fails while the README and the schema disagree).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { templateKeyTables, withKeyTables } = await import(path.join(ROOT, 'dist', 'template', 'docs.js'));
const readmePath = path.join(ROOT, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const updated = withKeyTables(readme, templateKeyTables());
if (updated === readme) {
  console.log('README.md: template key tables already up to date');
} else {
  fs.writeFileSync(readmePath, updated);
  console.log('README.md: template key tables rewritten');
}
