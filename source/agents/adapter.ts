// What claude-tui knows about one agent, in one place: how it is recognised, its screen rules, how it is launched
// and resumed, and what its hook payloads mean. One file per agent (source/agents/<agent>.ts) exports one
// AgentAdapter; registry.ts lists them.
import type {ReportedState} from '../state/detector.js';
import type {AgentProfile} from '../state/rules.js';

/** How a session's command is started with what the adapter adds (hooks, a conversation id of our choosing). */
export type LaunchPlan = {
	/** The arguments to remember (what the user asked for, plus a conversation id when one was chosen). */
	args: string[];
	/** The arguments the child really gets (the hooks settings too). */
	launchArgs: string[];
	conversationId?: string;
};

export type LaunchContext = {
	/** The command line hooks run to report (`node …/report-main.js`), or undefined when hooks are off. */
	reportCommand: string | undefined;
	randomUUID: () => string;
};

export type ResumeMode =
	/** Resuming the exact conversation: `claude --resume ID`. */
	| 'resume'
	/** Conversation id unknown: the most recent one in that directory (`claude --continue`). */
	| 'continue'
	/** The conversation was never written (nothing was said): a new one under the same id. */
	| 'new-conversation';

export type ResumePlan = {args: string[]; mode: ResumeMode; conversationId?: string};

export type ResumeContext = {
	/** The conversation the agent was on last, as the daemon followed it. */
	conversationId: string | undefined;
	/** The environment the agent ran with (where it keeps its conversations: CLAUDE_CONFIG_DIR, …). */
	env: NodeJS.ProcessEnv;
	/** Whether the agent wrote a conversation with this id; default: the adapter looks where the agent keeps them. */
	conversationExists?: (id: string) => boolean;
};

/** What a hook payload means: a state to report, and the conversation the agent is on now. */
export type HookMeaning = {state?: ReportedState; detail: string; conversationId?: string};

/** A running agent process, as the operating system shows it (Linux /proc). */
export type AgentProcess = {
	pid: number;
	/** Its environment, where readable. */
	env: Record<string, string>;
};

export type AgentAdapter = {
	/** The id of its screen profile too: `claude`, `codex`, … */
	id: string;
	name: string;
	/** Screen rules, title patterns and the on-screen signature (data; see state/rules.ts). */
	profile: AgentProfile;
	/** npm packages that run it through a package runner (`npx @anthropic-ai/claude-code`). */
	packages?: readonly string[];
	/**
	The agent's arguments with what claude-tui adds for it: hooks that report its state, a conversation id so a
	restore resumes exactly this conversation. Absent: started as given.
	*/
	launch?: (args: readonly string[], context: LaunchContext) => LaunchPlan;
	/** The arguments that bring its conversation back after the daemon stopped; undefined: rerun as it was. */
	resume?: (args: readonly string[], context: ResumeContext) => ResumePlan | undefined;
	/** Restore where it was started (its conversations are filed by that directory), not where it last worked. */
	restoresWhereStarted?: boolean;
	/** What one of its hook payloads (JSON on the hook's stdin) means; `fallback` is the state the hook was given. */
	interpretHook?: (payload: unknown, fallback: ReportedState | undefined) => HookMeaning | undefined;
	/** The conversation a running process of it is on now, from what the agent keeps on disk. */
	currentConversation?: (process: AgentProcess) => string | undefined;
};
