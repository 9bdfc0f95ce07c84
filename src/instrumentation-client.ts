// Runs in the browser before the app. zod 4 probes `new Function('')` to decide whether it may compile parsers;
// under the pages' Content-Security-Policy (no 'unsafe-eval') that probe is refused and reported as a violation.
// Interpreted parsing is fast enough for forms, so skip the probe: `jitless` in zod's global configuration, which
// zod keeps on `globalThis.__zod_globalConfig` (shared by every copy of zod; tests/unit/zod-config.test.ts checks
// that it still does). Importing zod here to call `z.config` put all of zod (≈ 30 kB gzip; ≈ 5 kB for the core's
// `config` alone) into every page's bootstrap, before any page needed a schema.
const zodGlobal = globalThis as typeof globalThis & { __zod_globalConfig?: Record<string, unknown> };
zodGlobal.__zod_globalConfig = { ...zodGlobal.__zod_globalConfig, jitless: true };
