import { describe, expect, it } from 'vitest';
import { config, globalConfig } from 'zod/v4/core';

/**
 * src/instrumentation-client.ts turns zod's `jitless` on without importing zod (which would ship it to every page):
 * it writes `globalThis.__zod_globalConfig`, where zod keeps the configuration `z.config` writes.
 */
describe("zod's global configuration", () => {
  it('is the object on globalThis.__zod_globalConfig', () => {
    const shared = (globalThis as { __zod_globalConfig?: object }).__zod_globalConfig;
    expect(shared).toBe(globalConfig);
    config({ jitless: true });
    expect(shared).toMatchObject({ jitless: true });
  });
});
