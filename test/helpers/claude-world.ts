// A world for the real Claude Code: the pinned binary, one mock Anthropic API for every session, a real daemon in a
// private sandbox whose sessions reach the mock, and Claude started in each launch mode claude-tui meets it in.
import path from 'node:path';
import {claudeScreenTruth, claudeScript} from './agent-scenarios.js';
import {type AgentSession, type AgentSetup, AgentWorld} from './agent-world.js';
import {type MockAnthropic, startMockAnthropic} from './mock-anthropic.js';
import {type ClaudeCodeInstall, claudeCodeEnvironment, realClaudeCode} from './real-agents.js';

/**
- `hooks`: the session's command is `claude`: claude-tui passes it its hooks and a conversation id.
- `shell`: a shell session, `claude` typed at its prompt: only the screen (and the process) tell.
- `other-name`: the session runs the same binary under a name no rule knows (`assistant`).
*/
export const launchModes = ['hooks', 'shell', 'other-name'] as const;
export type LaunchMode = (typeof launchModes)[number];

export type ClaudeSession = AgentSession<LaunchMode>;

export class ClaudeWorld extends AgentWorld<LaunchMode, MockAnthropic> {
	private constructor(sandbox: ClaudeWorld['sandbox'], mock: MockAnthropic, readonly claude: ClaudeCodeInstall) {
		const setup: AgentSetup<LaunchMode> = {
			name: 'Claude Code',
			id: 'claude',
			command: mode => (mode === 'hooks' ? {command: 'claude', args: []} : mode === 'shell' ? {command: 'bash', args: ['--norc', '-i'], typed: 'claude'} : {command: claude.otherName, args: []}),
			truth: claudeScreenTruth,
			ready: text => /Claude Code/.test(text),
			driver: (_world, _mode, work) => ({writeTarget: path.join(work, 'written-by-the-model.txt')}),
		};
		super(sandbox, mock, launchModes, setup);
	}

	static async start(): Promise<ClaudeWorld> {
		const claude = await realClaudeCode();
		const mock = await startMockAnthropic(claudeScript);
		const sandbox = AgentWorld.sandboxFor(launchModes, (sandbox, projects) => ({
			...claudeCodeEnvironment(sandbox.directory, {apiUrl: mock.url, projects, version: claude.version}),
			PATH: [claude.binDirectory, claude.otherNameDirectory, sandbox.env['PATH']].join(path.delimiter),
		}));
		return new ClaudeWorld(sandbox, mock, claude);
	}
}
