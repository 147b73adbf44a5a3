// Gemini CLI (npm @google/gemini-cli, command `gemini`): its screens. Strings from stored public copies: loading
// line `<phrase> (esc to cancel, 12s)` (google-gemini/gemini-cli packages/cli/src/ui/components/
// LoadingIndicator.tsx); confirmations `Allow execution of: 'echo'?` / `Apply this change?` / `Do you want to
// proceed?` with `● 1. Allow once`, `2. Allow for this session`, `No, suggest changes (esc)`
// (…/messages/__snapshots__/ToolConfirmationMessage.test.tsx.snap), older builds `● Yes, allow once` and
// `Waiting for user confirmation…`; input box `│ > Type your message or @path/to/file │`.
import type {AgentProfile} from '../state/rules.js';
import type {AgentAdapter} from './adapter.js';

const profile: AgentProfile = {
	id: 'gemini',
	name: 'Gemini CLI',
	commands: ['gemini'],
	signature: {
		region: {bottom: 14},
		any: [
			{line: 'Type your message or @path/to/file'},
			{line: String.raw`\(esc to cancel, (?:\d+[hms]\s*)+\)`},
			{line: String.raw`No, suggest changes \(esc\)`},
		],
	},
	rules: [
		{
			id: 'gemini.confirmation',
			state: 'waiting',
			region: {bottom: 30},
			any: [
				{text: 'waiting for user confirmation'},
				{
					text: String.raw`allow execution|apply this change\?|do you want to proceed\?|allow execution of`,
					line: String.raw`^[\s│]*(?:●|❯|>)?\s*(?:\d+\.\s*)?(?:yes, allow|allow once|allow for this session|no, suggest changes)`,
				},
			],
			detail: String.raw`allow execution[^\n?]*\?|apply this change\?|do you want to proceed\?`,
		},
		{
			id: 'gemini.loading',
			state: 'busy',
			region: {bottom: 12},
			line: String.raw`\(esc to cancel, (?:\d+[hms]\s*)+\)`,
		},
		{
			id: 'gemini.input',
			state: 'idle',
			region: {bottom: 8},
			line: String.raw`^[\s│]*>\s`,
		},
	],
	whenUnmatchedChanging: 'keep',
	whenUnmatchedQuiet: 'idle',
	startingEndsOn: 'match',
};

export const geminiCli: AgentAdapter = {id: 'gemini', name: 'Gemini CLI', profile};
