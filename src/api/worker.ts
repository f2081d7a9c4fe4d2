import { parentPort, workerData } from 'node:worker_threads';
import type { ReadStage } from './inlining.js';
import { JobRunner, type Job, type JobSettings } from './job.js';

/** A build worker: one JobRunner (fonts, templates, renderers loaded once) serving jobs one at a time. */
const runner = new JobRunner(workerData as JobSettings);
parentPort!.on('message', async (message: { id: number; job: Job }) => {
  // The stages of reading a shared half go to the main thread, which times TurboFan's inlining by them.
  const onStage = message.job.readShare ? (stage: ReadStage) => parentPort!.postMessage({ id: message.id, stage }) : undefined;
  const result = await runner.run(message.job, onStage);
  // Rendered books go back without a copy.
  const transfer = [...new Set((result.rendered?.books ?? []).map((book) => book.data.buffer as ArrayBuffer))];
  parentPort!.postMessage({ id: message.id, result }, transfer);
});
