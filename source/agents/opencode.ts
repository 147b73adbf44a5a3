// OpenCode (npm opencode-ai, command `opencode`): recognised by its command and package, with the generic program's
// behaviour (output means work, stillness means idle, a y/n at the cursor means waiting) until its screens are
// measured: its full-screen UI's strings are not written down here from memory.
import type {AgentProfile} from '../state/rules.js';
import type {AgentAdapter} from './adapter.js';
import {yesNoAtCursor} from './generic.js';

const profile: AgentProfile = {
	id: 'opencode',
	name: 'OpenCode',
	commands: ['opencode'],
	rules: [yesNoAtCursor],
	whenUnmatchedChanging: 'busy',
	whenUnmatchedQuiet: 'idle',
	startingEndsOn: 'output',
};

export const opencode: AgentAdapter = {id: 'opencode', name: 'OpenCode', profile, packages: ['opencode-ai']};
