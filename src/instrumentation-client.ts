import { z } from 'zod';

// Runs in the browser before the app. zod 4 probes `new Function('')` to decide whether it may compile parsers;
// under the pages' Content-Security-Policy (no 'unsafe-eval') that probe is refused and reported as a violation.
// Interpreted parsing is fast enough for forms, so skip the probe.
z.config({ jitless: true });
