// @ts-check
import { defineConfig } from 'eslint/config'
import eslint from '@eslint/js'
import tseslint from 'typescript-eslint'

/*
 * Type-checked lint, part of `npm run lint` (and so of `npm test`). Each file is
 * checked against the tsconfig nearest to it: the product's for shared/,
 * ingress/, worker/, scripts/ and test/, bench/'s own for the benchmarks.
 */
export default defineConfig(
  { ignores: ['dist/', 'node_modules/', '.local/', 'bench/results/', 'bench/tmp/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The same convention as tsc's noUnusedLocals: a leading underscore marks a name kept on purpose
      // (a skipped tuple slot, a loop that only counts), and `{ dropped: _, ...rest }` drops a key.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read the API's JSON answers (ApiAnswer.body is `any` on purpose) and assert on their
      // shape with chai: the assertion is the check, so typing each answer first would only repeat it.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // chai's property assertions (`expect(x).to.be.empty`) are expressions that do their work when read.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Fakes implement the product's async ports; `async` is the plain way to answer a promise there.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
)
