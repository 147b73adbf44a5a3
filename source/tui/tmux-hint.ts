// Inside tmux, tmux reads its prefix first: with the same prefix as ours, C-b goes to tmux and never reaches
// claude-tui unless pressed twice. Said once (tui-state.ts remembers), with what to do about it.
import {execFileSync} from 'node:child_process';
import {describePrefixKey, parsePrefixKey} from './key-names.js';

/** The hint to show, when run inside a tmux whose prefix (or prefix2) is ours; undefined otherwise. */
export function tmuxPrefixHint(prefix: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	if (!env['TMUX']) {
		return undefined;
	}

	for (const option of ['prefix', 'prefix2']) {
		let value: string;
		try {
			// The user's own tmux server (the one $TMUX names): a read-only question, answered in milliseconds.
			value = execFileSync('tmux', ['show-options', '-gv', option], {env, encoding: 'utf8', timeout: 1000, stdio: ['ignore', 'pipe', 'ignore']}).trim();
		} catch {
			return undefined;
		}

		let theirs: string | undefined;
		try {
			theirs = value === '' || value === 'None' ? undefined : parsePrefixKey(value);
		} catch {
			theirs = undefined;
		}

		if (theirs === prefix) {
			const name = describePrefixKey(prefix);
			return `Inside tmux, tmux takes ${name} first: press ${name} twice for claude-tui, or give one another prefix (--prefix C-a, or "prefix" in the config file)`;
		}
	}

	return undefined;
}
