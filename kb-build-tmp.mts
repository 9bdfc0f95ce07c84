import { ensureBuild } from './tests/e2e/build';
await ensureBuild({});
console.log('build done');
