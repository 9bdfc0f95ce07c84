/**
 * `npm run storage:migrate [-- --dry-run]`: copies every attachment from the local folder (STORAGE_DIR) to the
 * bucket (S3_BUCKET, S3_ENDPOINT, …; STORAGE_DRIVER may still be `local` while you run it). See
 * src/server/attachments/migrate.ts and docs/deploy.md. Exit 0 when every row's bytes are in the bucket, 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { migrateAttachments } from '@/server/attachments/migrate';
import { LocalDiskStorage, s3StorageFrom } from '@/server/attachments/storage';
import { db } from '@/server/db/client';
import { EnvError, env } from '@/server/env';

const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } }, strict: true });

try {
  env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const config = env();
if (!config.S3_BUCKET) {
  console.error('✖ S3_BUCKET (and S3_ENDPOINT, S3_REGION, credentials as needed) must name the target bucket.');
  process.exit(2);
}

const from = new LocalDiskStorage(config.STORAGE_DIR);
const to = s3StorageFrom(config);
console.log(`▸ ${values['dry-run'] ? 'Checking' : 'Copying'} attachments from ${from.root} to bucket ${to.bucket} …`);
try {
  const report = await migrateAttachments(from, to, {
    dryRun: values['dry-run'],
    onProgress: (r) => console.log(`  ${r.copied} ${values['dry-run'] ? 'to copy' : 'copied'}, ${r.alreadyThere} already there`),
  });
  console.log(
    `✔ ${report.copied} ${values['dry-run'] ? 'to copy' : 'copied'}, ${report.alreadyThere} already there, ` +
      `${report.missing.length} missing from the folder, ${report.corrupt.length} failed their checksum`,
  );
  for (const key of report.missing) console.log(`  missing: ${key}`);
  for (const key of report.corrupt) console.log(`  checksum mismatch (not copied): ${key}`);
  process.exitCode = report.missing.length + report.corrupt.length > 0 ? 1 : 0;
} finally {
  await db().$disconnect();
}
