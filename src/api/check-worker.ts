import { parentPort, workerData } from 'node:worker_threads';
import { checkManuscript, type CheckSettings } from './check.js';
import type { PlannedManuscript } from './plan.js';
import { TemplateCache } from './templates.js';

/** A check worker: reads and validates one manuscript at a time; templates are loaded once. */
const settings = workerData as CheckSettings;
const templates = new TemplateCache(settings.cwd);
parentPort!.on('message', async (entry: PlannedManuscript) => {
  parentPort!.postMessage(await checkManuscript(entry, templates, settings));
});
