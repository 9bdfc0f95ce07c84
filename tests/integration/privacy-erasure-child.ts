/**
 * Runs one erasure in a process of its own and kills that process (SIGKILL: no clean-up, no rollback handlers) at
 * the checkpoint named by argv, like a crash or an OOM kill mid-way. Used by privacy-erasure.test.ts.
 * Usage: tsx privacy-erasure-child.ts <erasureId> <step> <batch>
 */
import { runErasure } from '@/server/privacy/erasure';

const [erasureId, killStep, killBatch] = process.argv.slice(2);
if (!erasureId || !killStep || !killBatch) throw new Error('usage: <erasureId> <step> <batch>');

await runErasure(erasureId, {
  batchSize: 1,
  onCheckpoint: ({ step, batch }) => {
    if (step === killStep && batch >= Number(killBatch)) {
      process.stdout.write(`killed after ${step} #${batch}\n`);
      process.kill(process.pid, 'SIGKILL');
    }
  },
});
process.stdout.write('finished\n');
