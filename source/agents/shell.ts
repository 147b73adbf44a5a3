// Shells: a prompt ending in `$ `, `# `, `% `, `> ` (also `❯`, `➜`, `»`, `λ`) on the cursor's row is idle. A shell is a
// host: an agent started from it is recognised by what it draws (its signature) and its rules apply while it runs.
import type {AgentProfile} from '../state/rules.js';
import type {AgentAdapter} from './adapter.js';
import {shellPrompt, yesNoAtCursor} from './generic.js';

const profile: AgentProfile = {
	id: 'shell',
	name: 'Shell',
	commands: ['bash', 'sh', 'zsh', 'fish', 'dash', 'ksh', 'mksh', 'tcsh', 'csh', 'nu', 'xonsh', 'elvish', 'pwsh', 'ash', 'busybox'],
	rules: [yesNoAtCursor, shellPrompt],
	// Output means a command runs; a still screen without a prompt is a quiet command (`sleep 100`).
	whenUnmatchedChanging: 'busy',
	whenUnmatchedQuiet: 'keep',
	startingEndsOn: 'match',
};

export const shell: AgentAdapter = {id: 'shell', name: 'Shell', profile};
