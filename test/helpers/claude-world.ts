// A world for the real Claude Code: the pinned binary, one mock Anthropic API for every session, a real daemon in a
// private sandbox whose sessions reach the mock, and Claude started in each launch mode claude-tui meets it in.
import fs from 'node:fs';
import path from 'node:path';
import {DaemonClient} from '../../source/client.js';
import type {SessionInfo} from '../../source/protocol.js';
import {ClaudeDriver, SessionWatch, claudeScript} from './agent-scenarios.js';
import {DaemonSandbox} from './daemon.js';
import {type MockAnthropic, startMockAnthropic} from './mock-anthropic.js';
import {type ClaudeCodeInstall, claudeCodeEnvironment, realClaudeCode} from './real-agents.js';

/**
- `hooks`: the session's command is `claude`: claude-tui passes it its hooks and a conversation id.
- `shell`: a shell session, `claude` typed at its prompt: only the screen (and the process) tell.
- `other-name`: the session runs the same binary under a name no rule knows (`assistant`).
*/
export const launchModes = ['hooks', 'shell', 'other-name'] as const;
export type LaunchMode = (typeof launchModes)[number];

export type ClaudeSession = {mode: LaunchMode; info: SessionInfo; watch: SessionWatch; driver: ClaudeDriver; client: DaemonClient; work: string};

export class ClaudeWorld {
	private readonly clients = new Set<DaemonClient>();

	private constructor(readonly sandbox: DaemonSandbox, readonly mock: MockAnthropic, readonly claude: ClaudeCodeInstall) {}

	static async start(): Promise<ClaudeWorld> {
		const claude = await realClaudeCode();
		const mock = await startMockAnthropic(claudeScript);
		const sandbox = new DaemonSandbox();
		const projects = launchModes.map(mode => path.join(sandbox.directory, 'work', mode));
		for (const project of projects) {
			fs.mkdirSync(project, {recursive: true});
		}

		Object.assign(sandbox.env, claudeCodeEnvironment(sandbox.directory, {apiUrl: mock.url, projects, version: claude.version}), {
			PATH: [claude.binDirectory, claude.otherNameDirectory, sandbox.env['PATH']].join(path.delimiter),
			PS1: '$ ',
		});
		return new ClaudeWorld(sandbox, mock, claude);
	}

	async connect(): Promise<DaemonClient> {
		const client = await this.sandbox.connect();
		this.clients.add(client);
		return client;
	}

	/** Starts the daemon (in the background, as `claude-tui` does) if none answers. */
	async daemon(): Promise<void> {
		await this.sandbox.ok(['status']).catch(async () => this.sandbox.ok(['ls']));
		await this.sandbox.daemonPid();
	}

	/** A session running Claude Code, started the way `mode` says, at its prompt. */
	async launch(mode: LaunchMode, size = {cols: 120, rows: 40}): Promise<ClaudeSession> {
		await this.daemon();
		const client = await this.connect();
		const work = path.join(this.sandbox.directory, 'work', mode);
		const command = mode === 'hooks' ? {command: 'claude', args: []} : mode === 'shell' ? {command: 'bash', args: ['--norc', '-i']} : {command: this.claude.otherName, args: []};
		const info = await client.request('session.create', {name: `claude-${mode}`, cwd: work, ...size, ...command});
		const watch = await SessionWatch.start(client, info);
		const driver = new ClaudeDriver(client, watch, work);
		if (mode === 'shell') {
			await driver.until('the shell prompt', () => /^\$ $/m.test(watch.text()), 15_000);
			await driver.input('claude');
			await driver.input('\r');
		}

		await driver.until('Claude Code\'s prompt', () => watch.truth === 'idle' && watch.state === 'idle' && /Claude Code/.test(watch.text()), 30_000);
		return {mode, info, watch, driver, client, work};
	}

	/** A running session again after a restore: a new watch on the same session. */
	async watchAgain(session: ClaudeSession, info: SessionInfo): Promise<ClaudeSession> {
		session.watch.close();
		const client = await this.connect();
		const watch = await SessionWatch.start(client, info);
		return {...session, info, watch, client, driver: new ClaudeDriver(client, watch, session.work)};
	}

	async close(): Promise<void> {
		for (const client of this.clients) {
			client.destroy();
		}

		// The mock API server closes whatever the cleanup meets: left open, it would hold the test file open to its timeout.
		try {
			await this.sandbox.cleanup();
		} finally {
			await this.mock.close();
		}
	}
}
