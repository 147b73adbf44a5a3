// Codex CLI (npm @openai/codex, command `codex`): its screens. Strings from stored public copies: `• Working (12s •
// esc to interrupt)`; approvals `Would you like to run the following command?` / `… make the following edits?` /
// `… grant these permissions?` with `› 1. Yes, proceed (y)` and footer `Press enter to confirm or esc to cancel`
// (openai/codex codex-rs/tui/src/bottom_pane/snapshots/…approval_overlay…); older TypeScript Codex `Allow command?`
// with `▌ Yes`/`No`; composer `› Ask Codex to do anything`; title braille spinner while working and `Action
// Required` when blocked (herdrdev/herdr src/detect/manifests/codex.toml).
import type {AgentProfile} from '../state/rules.js';
import type {AgentAdapter} from './adapter.js';

const profile: AgentProfile = {
	id: 'codex',
	name: 'Codex CLI',
	commands: ['codex'],
	signature: {
		region: {bottom: 14},
		any: [
			{line: String.raw`\((?:\d+[hms]\s*)*\d+s\s*•\s*esc to interrupt\)`},
			{line: String.raw`Ask Codex to do anything`},
			{line: String.raw`tell Codex what to do differently`},
			{line: String.raw`>_ OpenAI Codex`},
		],
	},
	rules: [
		{
			id: 'codex.approval',
			state: 'waiting',
			region: {bottom: 30},
			any: [
				{text: String.raw`press enter to confirm or esc to cancel`},
				{text: String.raw`enter to submit (?:answer|all)`},
				{text: String.raw`allow command\?`},
				{text: String.raw`would you like to (?:run the following command|make the following edits|grant these permissions)\?`},
				{text: String.raw`do\s+you\s+trust\s+the\s+contents\s+of\s+this\s+directory\?`},
			],
			detail: String.raw`would you like to [^\n?]*\?|allow command\?|do you trust[^\n?]*\?`,
		},
		{
			id: 'codex.working',
			state: 'busy',
			region: {bottom: 12},
			line: String.raw`(?:esc|ctrl\+c) to interrupt`,
			detail: String.raw`\S[^\n]*?(?=\s*\((?:\d+[hms]\s*)*\d+s\s*•)`,
		},
		{
			id: 'codex.composer',
			state: 'idle',
			region: {bottom: 6},
			any: [{line: String.raw`^\s*[›▌](?:\s|$)`}, {line: 'Ask Codex to do anything'}],
			not: [{line: String.raw`^\s*[›▌]\s*\d+\.\s`}],
		},
	],
	title: {
		waiting: 'Action Required',
		busy: String.raw`(?:^|\s)[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏](?:\s|$)`,
	},
	whenUnmatchedChanging: 'keep',
	whenUnmatchedQuiet: 'idle',
	startingEndsOn: 'match',
};

export const codexCli: AgentAdapter = {id: 'codex', name: 'Codex CLI', profile};
