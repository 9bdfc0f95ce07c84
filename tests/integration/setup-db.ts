import { inject } from 'vitest';

/** Points the app's env at this run's database before any test module reads it (a setupFile of the integration project). */
process.env.DATABASE_URL = inject('databaseUrl');
