// Which agent a session runs now and the conversation it is on, for its record: restore brings back that agent on
// that conversation however it was started (as the session's command, typed into a shell, or under a name only its
// screen gives away). Read from the detector's choice of profile and from the agent's process.
import {foregroundProcessGroup, processArguments, processDirectory, processEnvironment} from './process.js';
import {adapterById, builtInCatalog, recognizeCommand} from './registry.js';

/** An agent started inside the session's shell, running when this was noted: restore types its resume command there. */
export type NestedAgent = {agent: string; argv: string[]; cwd: string};

export type FollowedAgent = {
	/** The agent the session's own command is, when only its screen told (a binary under another name). */
	agent?: string;
	nested?: NestedAgent;
	conversationId?: string;
};

export type FollowInput = {
	command: string;
	args: readonly string[];
	/** The session's child. */
	pid: number | undefined;
	/** The profile whose rules apply now, and whether the command or the screen chose it. */
	agent: string;
	agentFrom: 'command' | 'screen';
};

// A script's process shows its interpreter first (`node /…/bin/codex …`, from its `#!/usr/bin/env node` line): the
// command typed was the script.
const interpreters = /^(?:node|nodejs|bun|deno|python[\d.]*)$/;

function withoutInterpreter(argv: string[] | undefined): string[] | undefined {
	const command = argv?.[0]?.split('/').pop() ?? '';
	return argv && argv.length > 1 && interpreters.test(command) && !argv[1]!.startsWith('-') ? argv.slice(1) : argv;
}

/** What the record should say about the session's agent now; undefined when no agent that resumes runs in it. */
export function followAgent(input: FollowInput): FollowedAgent | undefined {
	const adapter = adapterById(input.agent);
	if (input.pid === undefined || !adapter?.resume) {
		return undefined;
	}

	const host = recognizeCommand(input.command, input.args, builtInCatalog).adapter.id === 'shell';
	if (input.agentFrom === 'command' || !host) {
		const conversationId = adapter.currentConversation?.({pid: input.pid, env: processEnvironment(input.pid)});
		return {...(input.agentFrom === 'screen' ? {agent: adapter.id} : {}), ...(conversationId === undefined ? {} : {conversationId})};
	}

	// The agent runs in the shell's foreground: its process group's leader is the command the user typed.
	const pid = foregroundProcessGroup(input.pid);
	const argv = pid === undefined || pid === input.pid ? undefined : withoutInterpreter(processArguments(pid));
	const cwd = pid === undefined ? undefined : processDirectory(pid);
	if (!argv || !cwd) {
		return undefined;
	}

	const conversationId = adapter.currentConversation?.({pid: pid!, env: processEnvironment(pid!)});
	return {nested: {agent: adapter.id, argv, cwd}, ...(conversationId === undefined ? {} : {conversationId})};
}
