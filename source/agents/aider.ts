// Aider (command `aider`): its screens. Questions `Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]:`,
// `Create new file? (Y)es/(N)o [Yes]:` (aider chat transcripts), spinner `Waiting for LLM` / `Waiting for <model>`
// (Aider-AI/aider aider/waiting.py), prompts `> `, `architect> `, `ask> `.
import type {AgentProfile} from '../state/rules.js';
import type {AgentAdapter} from './adapter.js';

const profile: AgentProfile = {
	id: 'aider',
	name: 'Aider',
	commands: ['aider'],
	signature: {
		region: 'screen',
		any: [{line: String.raw`^Aider v\d`}, {line: String.raw`\(Y\)es/\(N\)o.*\[(?:Yes|No)\]:`}],
	},
	rules: [
		{
			id: 'aider.confirm',
			state: 'waiting',
			region: {bottom: 3},
			line: String.raw`\(Y\)es/\(N\)o.*\[(?:Yes|No|All|Skip)[^\]]*\]:\s*\S*$`,
			detail: String.raw`[^\n]*?\?(?=\s*\(Y\)es)`,
		},
		{
			id: 'aider.waiting-for-model',
			state: 'busy',
			region: {bottom: 3},
			line: String.raw`Waiting for \S`,
		},
		{
			id: 'aider.prompt',
			state: 'idle',
			region: 'cursorRow',
			beforeCursor: String.raw`^[\w-]*> `,
		},
	],
	// Aider streams the answer as plain markdown, with no spinner: output means work.
	whenUnmatchedChanging: 'busy',
	whenUnmatchedQuiet: 'keep',
	startingEndsOn: 'match',
};

export const aider: AgentAdapter = {id: 'aider', name: 'Aider', profile};
