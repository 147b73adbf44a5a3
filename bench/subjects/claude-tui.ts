// claude-tui as a bench subject: a private foreground daemon (socket and state in the world's directory), the
// built TUI as the client, JSON-RPC as the control path.
import {type ChildProcess, spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {DaemonClient, type ParamsArgs} from '../../source/client.js';
import type {MethodName, ResultOf} from '../../source/protocol.js';
import {pollUntil, withDeadline} from '../harness/deadline.js';
import {OuterTerminal} from '../harness/outer-terminal.js';
import {processAlive} from '../harness/processes.js';
import {claudeTuiCommandFor} from '../harness/sshd.js';
import type {ControlChannel, Size, SshEndpoint, Subject, World, WorldContext} from './subject.js';

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const packageFile = fileURLToPath(new URL('../../package.json', import.meta.url));

const prefix = '\u0002';
const down = '\u001B[B';
// The TUI's default sidebar width and its one-row status bar (source/tui/layout.ts).
const sidebarWidth = 28;

export const claudeTui: Subject = {
	name: 'claude-tui',
	async version() {
		return (JSON.parse(fs.readFileSync(packageFile, 'utf8')) as {version: string}).version;
	},
	async open(context) {
		return ClaudeTuiWorld.start(context);
	},
};

/** Node's own flags for the daemon and the TUI: CPU profiles at a fine interval when asked for. */
function nodeArgs(context: WorldContext): string[] {
	return context.profileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${context.profileDirectory}`, '--cpu-prof-interval=250'] : [];
}

class ClaudeTuiWorld implements World {
	readonly subject = 'claude-tui' as const;
	readonly nextSessionKeys = prefix + down;
	readonly detachKeys = `${prefix}d`;
	private readonly clients = new Set<DaemonClient>();
	private readonly untrack: () => void;

	private constructor(
		private readonly context: WorldContext,
		readonly env: NodeJS.ProcessEnv,
		private readonly daemon: ChildProcess,
		private readonly control: DaemonClient,
		private readonly logFile: string,
	) {
		this.untrack = context.teardown.add(`claude-tui daemon ${daemon.pid}`, async () => this.close());
	}

	static async start(context: WorldContext): Promise<ClaudeTuiWorld> {
		const socketDirectory = path.join(context.directory, 'run');
		fs.mkdirSync(socketDirectory, {recursive: true, mode: 0o700});
		const socket = path.join(socketDirectory, 'daemon.sock');
		// Nothing of the bench's own terminal, runtime directory or Claude Code session leaks into the world.
		// Nor NODE_EXTRA_CA_CERTS: claude-tui makes no TLS connection, and where it is set (this workplace's machines)
		// every node start reads and parses that CA bundle first, 80 ms before any code of ours runs.
		const inherited = Object.entries(process.env).filter(([name]) => !['XDG_RUNTIME_DIR', 'CLAUDECODE', 'TMUX', 'TMUX_PANE', 'NODE_EXTRA_CA_CERTS'].includes(name));
		const env: NodeJS.ProcessEnv = {
			...Object.fromEntries(inherited),
			CLAUDE_TUI_SOCKET: socket,
			XDG_STATE_HOME: path.join(context.directory, 'state'),
			XDG_CONFIG_HOME: path.join(context.directory, 'config'),
			TERM: 'xterm-256color',
		};

		const logFile = path.join(context.directory, 'daemon.log');
		const log = fs.openSync(logFile, 'a');
		const daemon = spawn(process.execPath, [...nodeArgs(context), cliPath, 'daemon', '--foreground'], {
			env,
			cwd: context.cwd,
			stdio: ['ignore', log, log],
		});
		fs.closeSync(log);
		const untrackStarting = context.teardown.add('claude-tui daemon (starting)', () => {
			daemon.kill('SIGKILL');
		});
		try {
			const control = await pollUntil(async () => {
				if (daemon.exitCode !== null) {
					throw new Error(`the daemon exited with ${daemon.exitCode}: ${fs.readFileSync(logFile, 'utf8')}`);
				}

				return DaemonClient.connect(socket);
			}, {timeoutMs: 10_000, what: `the claude-tui daemon to answer on ${socket}`});
			control.on('close', () => {});
			return new ClaudeTuiWorld(context, env, daemon, control, logFile);
		} catch (error) {
			daemon.kill('SIGKILL');
			throw error;
		} finally {
			untrackStarting();
		}
	}

	async serverPid(): Promise<number> {
		return this.daemon.pid!;
	}

	paneSize(outer: Size): Size {
		return {cols: outer.cols - sidebarWidth, rows: outer.rows - 1};
	}

	async createSession(name: string, command: string, args: string[], size: Size): Promise<void> {
		await this.request('session.create', {name, command, args, cwd: this.context.cwd, cols: size.cols, rows: size.rows});
	}

	async removeSession(name: string): Promise<void> {
		await this.request('session.remove', {session: name});
	}

	async type(name: string, text: string): Promise<void> {
		await this.request('session.input', {session: name, data: text});
	}

	async capture(name: string): Promise<string> {
		const {text} = await this.request('session.capture', {session: name});
		return text;
	}

	listCommand(): {command: string; args: string[]; env: NodeJS.ProcessEnv} {
		return {command: process.execPath, args: [cliPath, 'ls'], env: this.env};
	}

	attach(name: string, outer: Size): OuterTerminal {
		const terminal = new OuterTerminal({command: process.execPath, args: [...nodeArgs(this.context), cliPath, 'attach', name], ...outer, env: this.env, cwd: this.context.cwd});
		const untrack = this.context.teardown.add(`claude-tui client ${terminal.pid}`, async () => terminal.close());
		void terminal.exited.then(untrack);
		return terminal;
	}

	attachOverSsh(name: string, outer: Size, ssh: SshEndpoint): OuterTerminal {
		// The TUI's own config lists this daemon as host "bench", reached through ssh; the TUI keeps this daemon
		// as its local one too (it lists the sessions twice: here, and on the host).
		const config = path.join(this.context.directory, 'ssh-client-config');
		fs.mkdirSync(path.join(config, 'claude-tui'), {recursive: true, mode: 0o700});
		const command = claudeTuiCommandFor(this.env, cliPath);
		fs.writeFileSync(path.join(config, 'claude-tui', 'config.json'), JSON.stringify({ssh: ssh.sshCommand, hosts: [{name: 'bench', ssh: ssh.destination, command}]}));
		const env = {...this.env, XDG_CONFIG_HOME: config};
		const terminal = new OuterTerminal({command: process.execPath, args: [...nodeArgs(this.context), cliPath, 'attach', `bench:${name}`], ...outer, env, cwd: this.context.cwd});
		const untrack = this.context.teardown.add(`claude-tui client over ssh ${terminal.pid}`, async () => terminal.close());
		void terminal.exited.then(untrack);
		return terminal;
	}

	async openControl(): Promise<ControlChannel> {
		const client = await this.connect();
		return new ClaudeTuiControl(client, this.context.cwd, () => {
			client.destroy();
			this.clients.delete(client);
		});
	}

	async close(): Promise<void> {
		this.untrack();
		for (const client of this.clients) {
			client.destroy();
		}

		try {
			await withDeadline(this.control.request('daemon.shutdown'), 2000, 'daemon.shutdown');
		} catch {}

		this.control.destroy();
		const pid = this.daemon.pid!;
		try {
			await pollUntil(() => !processAlive(pid), {timeoutMs: 6000, what: 'the daemon to stop'});
		} catch {
			this.daemon.kill('SIGKILL');
		}
	}

	private async connect(): Promise<DaemonClient> {
		const client = await DaemonClient.connect(this.control.endpoint);
		this.clients.add(client);
		return client;
	}

	private async request<M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<ResultOf<M>> {
		try {
			return await withDeadline(this.control.request(method, ...params), 30_000, `${method} from the daemon`);
		} catch (error) {
			const log = fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-5).join('\n');
			throw new Error(`${(error as Error).message}\n--- daemon log (tail) ---\n${log}`);
		}
	}
}

class ClaudeTuiControl implements ControlChannel {
	readonly roundTripDescription = 'daemon.ping over a connected JSON-RPC socket';
	// When the first session.output of each session reached us.
	private readonly firstOutputAt = new Map<string, number>();

	constructor(
		private readonly client: DaemonClient,
		private readonly cwd: string,
		readonly close: () => void,
	) {
		client.on('notification', (method, params) => {
			if (method === 'session.output' && !this.firstOutputAt.has(params.session)) {
				this.firstOutputAt.set(params.session, performance.now());
			}
		});
	}

	async roundTrip(): Promise<void> {
		await withDeadline(this.client.request('daemon.ping'), 10_000, 'a daemon.ping answer');
	}

	async createUntilOutput(name: string, command: string, args: string[], size: Size): Promise<number> {
		const started = performance.now();
		// Sent together: the daemon handles both lines in one turn, before the child can have written anything,
		// so every byte of output arrives as session.output on this connection.
		const created = this.client.request('session.create', {name, command, args, cwd: this.cwd, ...size});
		const attached = this.client.request('session.attach', {session: name, scrollback: 0});
		const {id} = await withDeadline(created, 10_000, `session.create of ${name}`);
		const {snapshot} = await withDeadline(attached, 10_000, `session.attach of ${name}`);
		const attachedAt = performance.now();
		if (visibleText(snapshot) !== '') {
			// The child was quicker than the attach: its first output is in the snapshot.
			return attachedAt - started;
		}

		const at = await pollUntil(() => this.firstOutputAt.get(id), {timeoutMs: 10_000, intervalMs: 1, what: `the first output of session ${name}`});
		return at - started;
	}

	async removeSession(name: string): Promise<void> {
		await withDeadline(this.client.request('session.remove', {session: name}), 10_000, `session.remove of ${name}`);
	}
}

/** What a snapshot would show: its text without escape sequences or blanks. */
function visibleText(ansi: string): string {
	return ansi.replaceAll(/\u001B(?:\[[\d;?>=]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[()][\dA-Za-z]|[^[\]()])/g, '').trim();
}
