/**
 * Pressroom from code: the package's entry point (`import { build } from 'pressroom'`). It is
 * bundled with the command line, so that both run the same code and write the same bytes.
 */
export { build, type BuildOptions, type BuildResult, type ManuscriptResult, type Diagnostic } from './api/build.js';
export { packageManuscripts } from './api/package.js';
export { verifyBag } from './archive/verify.js';
export { check, type CheckOptions, type CheckResult } from './api/check.js';
export { sarifLog } from './report/sarif.js';
