// Copy mode's two key tables, tmux's copy-mode-vi and copy-mode (emacs), keyed by tmux's key names (keys.ts
// describeKey) and naming tmux's commands; the readme's table lists the same. Which one applies: config `copyKeys`,
// else, as tmux chooses mode-keys, vi when $VISUAL or $EDITOR names a vi, emacs otherwise.
import path from 'node:path';

export type CopyKeys = 'vi' | 'emacs';

export const copyKeyChoices: readonly CopyKeys[] = ['vi', 'emacs'];

export type CopyCommand =
	| 'cursor-left' | 'cursor-right' | 'cursor-up' | 'cursor-down'
	| 'start-of-line' | 'back-to-indentation' | 'end-of-line'
	| 'next-word' | 'next-word-end' | 'previous-word' | 'next-space' | 'next-space-end' | 'previous-space'
	| 'top-line' | 'middle-line' | 'bottom-line' | 'history-top' | 'history-bottom'
	| 'page-up' | 'page-down' | 'halfpage-up' | 'halfpage-down' | 'scroll-up' | 'scroll-down'
	| 'search-forward' | 'search-backward' | 'search-again' | 'search-reverse'
	| 'begin-selection' | 'toggle-selection' | 'select-line' | 'rectangle-toggle' | 'clear-selection' | 'other-end'
	| 'copy-selection-and-cancel' | 'copy-end-of-line' | 'cancel';

const shared: Record<string, CopyCommand> = {
	Left: 'cursor-left',
	Right: 'cursor-right',
	Up: 'cursor-up',
	Down: 'cursor-down',
	Home: 'start-of-line',
	End: 'end-of-line',
	PageUp: 'page-up',
	PageDown: 'page-down',
	'C-Up': 'scroll-up',
	'C-Down': 'scroll-down',
	'C-c': 'cancel',
};

export const copyKeyTables: Record<CopyKeys, Readonly<Record<string, CopyCommand>>> = {
	vi: {
		...shared,
		h: 'cursor-left',
		j: 'cursor-down',
		k: 'cursor-up',
		l: 'cursor-right',
		BSpace: 'cursor-left',
		0: 'start-of-line',
		'^': 'back-to-indentation',
		$: 'end-of-line',
		w: 'next-word',
		e: 'next-word-end',
		b: 'previous-word',
		W: 'next-space',
		E: 'next-space-end',
		B: 'previous-space',
		H: 'top-line',
		M: 'middle-line',
		L: 'bottom-line',
		g: 'history-top',
		G: 'history-bottom',
		'C-b': 'page-up',
		'C-f': 'page-down',
		'C-u': 'halfpage-up',
		'C-d': 'halfpage-down',
		'C-y': 'scroll-up',
		'C-e': 'scroll-down',
		'/': 'search-forward',
		'?': 'search-backward',
		n: 'search-again',
		N: 'search-reverse',
		Space: 'begin-selection',
		v: 'toggle-selection',
		V: 'select-line',
		'C-v': 'rectangle-toggle',
		Escape: 'clear-selection',
		o: 'other-end',
		Enter: 'copy-selection-and-cancel',
		y: 'copy-selection-and-cancel',
		D: 'copy-end-of-line',
		q: 'cancel',
	},
	emacs: {
		...shared,
		'C-b': 'cursor-left',
		'C-f': 'cursor-right',
		'C-p': 'cursor-up',
		'C-n': 'cursor-down',
		'C-a': 'start-of-line',
		'M-m': 'back-to-indentation',
		'C-e': 'end-of-line',
		'M-f': 'next-word-end',
		'M-b': 'previous-word',
		'M-<': 'history-top',
		'M->': 'history-bottom',
		'M-v': 'page-up',
		'C-v': 'page-down',
		'M-r': 'middle-line',
		'C-s': 'search-forward',
		'C-r': 'search-backward',
		n: 'search-again',
		N: 'search-reverse',
		'C-Space': 'begin-selection',
		R: 'rectangle-toggle',
		'C-g': 'clear-selection',
		'M-w': 'copy-selection-and-cancel',
		'C-w': 'copy-selection-and-cancel',
		Enter: 'copy-selection-and-cancel',
		'C-k': 'copy-end-of-line',
		Escape: 'cancel',
		q: 'cancel',
	},
};

/** vi when $VISUAL (else $EDITOR) names a vi (vi, vim, nvim), emacs otherwise: tmux's choice of mode-keys. */
export function defaultCopyKeys(env: NodeJS.ProcessEnv): CopyKeys {
	const editor = env['VISUAL'] || env['EDITOR'] || '';
	return path.basename(editor.split(/\s+/)[0] ?? '').includes('vi') ? 'vi' : 'emacs';
}
