// A world for one real agent: its pinned binary, one mock of its model's API for every session, a real daemon in a
// private sandbox whose sessions reach the mock, and the agent started in each launch mode claude-tui meets it in
// (as the session's command, typed into a shell, under another name). claude-world.ts and codex-world.ts say what
// differs between agents.
import fs from 'node:fs';
import path from 'node:path';
import {DaemonClient} from '../../source/client.js';
import type {SessionInfo} from '../../source/protocol.js';
import {AgentDriver, type DriverOptions, type ScreenTruth, SessionWatch} from './agent-scenarios.js';
import {DaemonSandbox} from './daemon.js';

export type AgentSession<Mode extends string> = {mode: Mode; info: SessionInfo; watch: SessionWatch; driver: AgentDriver; client: DaemonClient; work: string};

export type AgentSetup<Mode extends string> = {
	/** As messages name it: `Claude Code`. */
	name: string;
	/** Session names start with it: `claude-hooks`. */
	id: string;
	/** The session's command in each mode; `typed`: what is typed at the shell's prompt when the command is a shell. */
	command: (mode: Mode) => {command: string; args: string[]; typed?: string};
	truth: ScreenTruth;
	/** The agent's screen shows it at its prompt, ready for a first one. */
	ready: (text: string) => boolean;
	driver: (world: {directory: string}, mode: Mode, work: string) => DriverOptions;
};

export class AgentWorld<Mode extends string, Mock extends {close(): Promise<void>}> {
	private readonly clients = new Set<DaemonClient>();

	protected constructor(
		readonly sandbox: DaemonSandbox,
		readonly mock: Mock,
		readonly modes: readonly Mode[],
		private readonly setup: AgentSetup<Mode>,
	) {}

	/**
	A sandbox with a work directory for each mode (`work/<mode>`, the projects), its sessions' environment extended by
	`prepare`'s (what points the agent at the mock and keeps it offline).
	*/
	protected static sandboxFor(modes: readonly string[], prepare: (sandbox: DaemonSandbox, projects: string[]) => Record<string, string | undefined>): DaemonSandbox {
		const sandbox = new DaemonSandbox();
		const projects = modes.map(mode => path.join(sandbox.directory, 'work', mode));
		for (const project of projects) {
			fs.mkdirSync(project, {recursive: true});
		}

		Object.assign(sandbox.env, prepare(sandbox, projects), {PS1: '$ '});
		return sandbox;
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

	workDirectory(mode: Mode): string {
		return path.join(this.sandbox.directory, 'work', mode);
	}

	/** A session running the agent, started the way `mode` says, at its prompt. */
	async launch(mode: Mode, size = {cols: 120, rows: 40}): Promise<AgentSession<Mode>> {
		await this.daemon();
		const client = await this.connect();
		const work = this.workDirectory(mode);
		const {typed, ...command} = this.setup.command(mode);
		const info = await client.request('session.create', {name: `${this.setup.id}-${mode}`, cwd: work, ...size, ...command});
		const watch = await SessionWatch.start(client, info, this.setup.truth);
		const driver = new AgentDriver(client, watch, this.setup.driver({directory: this.sandbox.directory}, mode, work));
		if (typed !== undefined) {
			await driver.until('the shell prompt', () => /^\$ $/m.test(watch.text()), 15_000);
			await driver.input(typed);
			await driver.input('\r');
		}

		await driver.until(`${this.setup.name}'s prompt`, () => watch.truth === 'idle' && watch.state === 'idle' && this.setup.ready(watch.text()), 30_000);
		return {mode, info, watch, driver, client, work};
	}

	/** A running session again after a restore: a new watch on the same session. */
	async watchAgain(session: AgentSession<Mode>, info: SessionInfo): Promise<AgentSession<Mode>> {
		session.watch.close();
		const client = await this.connect();
		const watch = await SessionWatch.start(client, info, this.setup.truth);
		return {...session, info, watch, client, driver: new AgentDriver(client, watch, this.setup.driver({directory: this.sandbox.directory}, session.mode, session.work))};
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
