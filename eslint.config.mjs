import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Import boundaries (docs/architecture.md): the domain knows nothing of pages or React; components get server
  // actions from their page as props and never reach into route folders.
  {
    files: ['src/server/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'react',
              // React's per-request memo is how one request shares the session lookup (auth/guards.ts).
              allowImportNames: ['cache'],
              message: 'src/server has no React: render in src/app or src/components.',
            },
            { name: 'react-dom', message: 'src/server has no React: render in src/app or src/components.' },
          ],
          patterns: [
            {
              group: ['react-dom/*', 'next-intl/react', 'lucide-react'],
              message: 'src/server has no React: render in src/app or src/components.',
            },
            {
              group: ['@/app', '@/app/**', '@/components', '@/components/**'],
              message: 'src/server imports nothing from src/app or src/components.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/app', '@/app/**'],
              message: 'Components import nothing from route folders: the page passes its server actions as props.',
            },
          ],
        },
      ],
    },
  },
  { ignores: ['.next/**', 'node_modules/**', 'src/generated/**', '.data/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
];

export default config;
