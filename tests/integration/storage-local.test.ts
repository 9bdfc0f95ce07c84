import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { storageSuite } from './storage-suite';

// Before any app module reads the environment.
process.env.STORAGE_DRIVER = 'local';
process.env.STORAGE_DIR = await mkdtemp(path.join(os.tmpdir(), 'vouchie-storage-'));

storageSuite('local');
