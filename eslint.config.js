// The linter that fits the code's style: eslint's and typescript-eslint's recommended rules, plus the few rules the
// code's disable comments name (each such comment says why that line is the exception).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/', 'build/', 'node_modules/', 'test/fixtures/agents/', 'media/*.cast']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		rules: {
			// TypeScript checks names; eslint's own check does not know its types or Node's globals.
			'no-undef': 'off',
			// One step after another on purpose (polling, ordered writes) is said at the line.
			'no-await-in-loop': 'error',
			// A terminal program's patterns are made of control characters: escape sequences are its subject.
			'no-control-regex': 'off',
			// `catch {}` says "nothing to do": the comment inside says why.
			'no-empty': ['error', {allowEmptyCatch: true}],
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
			'@typescript-eslint/no-dynamic-delete': 'error',
		},
	},
	{
		// Tests may reach into what they test and build bad requests on purpose; they wait for one thing after another
		// and match escape sequences in what programs wrote.
		files: ['test/**', 'bench/**', 'soak/**', 'media/**'],
		rules: {
			'no-await-in-loop': 'off',
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-non-null-assertion': 'off',
		},
	},
);
