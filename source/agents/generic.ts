// Any program no adapter names: output means work, stillness means idle; REPL prompts and y/n questions are known.
// Its prompt and question rules serve the shell too.
import type {AgentProfile, ScreenRule} from '../state/rules.js';
import type {AgentAdapter} from './adapter.js';

/** Questions answered with y/n or a secret, at the cursor: shells, installers, ssh, sudo. */
export const yesNoAtCursor: ScreenRule = {
	id: 'prompt.yes-no',
	state: 'waiting',
	region: 'cursorRow',
	any: [
		{beforeCursor: String.raw`(?:\[y/n\]|\(y/n\)|\[yes/no\]|\(yes/no[^)]*\))\s*[?:]?\s*$`},
		{beforeCursor: String.raw`(?:password|passphrase|pin)\b[^:\n]{0,60}:\s*$`},
	],
	detail: String.raw`\S.*`,
};

/** A shell's prompt on the cursor's row: a fresh prompt, or a prompt with a command being typed. */
export const shellPrompt: ScreenRule = {
	id: 'shell.prompt',
	state: 'idle',
	region: 'cursorRow',
	any: [
		// `user@host:~/src$ ` with the cursor right after it.
		{beforeCursor: String.raw`[$#%>❯»➜λ]\s?$`},
		// `user@host:~/src$ make -j` while typing: the row starts with one prompt-shaped word.
		{beforeCursor: String.raw`^\S{0,80}[$#%>❯»➜λ]\s`},
	],
};

/** Any other program: output means work, stillness means idle; REPL prompts and y/n questions are known. */
const profile: AgentProfile = {
	id: 'generic',
	name: 'Program',
	commands: [],
	rules: [yesNoAtCursor, {...shellPrompt, id: 'generic.prompt'}],
	whenUnmatchedChanging: 'busy',
	whenUnmatchedQuiet: 'idle',
	startingEndsOn: 'output',
};

export const generic: AgentAdapter = {id: 'generic', name: 'Program', profile};
