import { parentPort, workerData } from 'node:worker_threads';
import { JobRunner, type Job, type JobSettings } from './job.js';

/** A build worker: one JobRunner (fonts, templates, renderers loaded once) serving jobs one at a time. */
const runner = new JobRunner(workerData as JobSettings);
parentPort!.on('message', async (message: { id: number; job: Job }) => {
  const result = await runner.run(message.job);
  // Built files go back without a copy.
  const transfer = (result.files ?? []).map((file) => file.data.buffer as ArrayBuffer);
  parentPort!.postMessage({ id: message.id, result }, transfer);
});
