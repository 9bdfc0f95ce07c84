import { mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/**
 * A real S3-protocol server on loopback for the storage tests (s3rver: the S3 REST API over HTTP, objects in a
 * temporary folder). The app's S3 driver talks to it exactly as to AWS or MinIO: path-style, signed requests.
 */
// The SDK's notice that releases from 2027 on need Node 22 (docs/deploy.md): once is enough, not in every test file.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface TestBucket {
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startTestBucket(bucket = 'vouchie-test'): Promise<TestBucket> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'vouchie-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = (await server.run()) as { port: number };
  const env = {
    S3_BUCKET: bucket,
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_REGION: 'us-east-1',
    S3_FORCE_PATH_STYLE: 'true',
    // s3rver's fixed test credentials: it checks the signature like S3 does.
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  };
  const client = new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return {
    env,
    async close() {
      // Every test is over: connections the app's S3 client still holds (keep-alive, or a request whose body a
      // test stopped sending) are cut, or server.close() would wait for them and the afterAll hook time out.
      const closed = server.close();
      (server as unknown as { httpServer?: http.Server }).httpServer?.closeAllConnections();
      await closed;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
