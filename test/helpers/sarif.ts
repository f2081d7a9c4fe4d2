import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from './cli.js';

/** A validator of SARIF 2.1.0 logs, from the schema vendored in test/fixtures/sarif (see its README): no network. */
export function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}
