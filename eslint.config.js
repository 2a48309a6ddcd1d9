// ESLint: typescript-eslint's type-aware recommended rules; formatting is Prettier's job.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/', 'index/', 'data/', 'seeds/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // The bot layer's single sources of truth (see README, "How the bot is built").
    files: ['src/bot/features/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['./*'],
              message: 'Features do not import each other: share through views/, keyboards/ or callbackData.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'tools/**/*.ts'],
    ignores: ['src/bot/callbackData.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='callbackQuery']",
          message: 'Register button handlers with onCallback (src/bot/callbackData.ts), which parses the data.',
        },
        {
          selector: "MemberExpression[object.property.name='callbackQuery'][property.name='data']",
          message: 'Read callback data with parseCallback or onCallback (src/bot/callbackData.ts).',
        },
      ],
    },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
