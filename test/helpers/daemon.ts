// A real daemon in a private temporary directory: socket, state and config live there, the CLI is the built
// dist/cli.js, and cleanup always stops every daemon that ran there and removes the directory.
import {type ChildProcess, spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {execa} from 'execa';
import {pollUntil} from '../../bench/harness/deadline.js';
import {DaemonClient} from '../../source/client.js';
import {cliPath} from './terminal.js';

export {cliPath} from './terminal.js';

export type CliResult = {stdout: string; stderr: string; exitCode: number};

export type RunOptions = {cwd?: string; timeout?: number; env?: NodeJS.ProcessEnv};

/** Polls `check` until it returns something truthy (which is returned) or the deadline passes (which throws). */
export async function waitFor<T>(
	check: () => T | Promise<T>,
	{timeout = 10_000, interval = 25, message = 'condition'}: {timeout?: number; interval?: number; message?: string | (() => string)} = {},
): Promise<NonNullable<T>> {
	return pollUntil(check, {timeoutMs: timeout, intervalMs: interval, what: message});
}

/** Whether `pid` is gone: no such process, or a zombie nobody reaped yet. */
export function processGone(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}

	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		return /^State:\s+Z/m.test(status);
	} catch {
		return true;
	}
}

export class DaemonSandbox {
	readonly directory: string;
	readonly socket: string;
	readonly env: NodeJS.ProcessEnv;
	// Daemons we know of (foreground children we started, background ones we asked for their pid).
	private readonly daemonPids = new Set<number>();
	private readonly foreground = new Set<ChildProcess>();
	private readonly clients = new Set<DaemonClient>();
	private readonly sockets = new Set<net.Socket>();
	foregroundLog = '';

	constructor() {
		this.directory = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-daemon-test-'));
		fs.chmodSync(this.directory, 0o700);
		this.socket = path.join(this.directory, 'sock', 'daemon.sock');
		const env: NodeJS.ProcessEnv = {
			...process.env,
			CLAUDE_TUI_SOCKET: this.socket,
			XDG_STATE_HOME: path.join(this.directory, 'state'),
			XDG_CONFIG_HOME: path.join(this.directory, 'config'),
		};
		delete env['XDG_RUNTIME_DIR'];
		delete env['CLAUDECODE'];
		this.env = env;
	}

	get logFile(): string {
		return path.join(this.directory, 'state', 'claude-tui', 'daemon.log');
	}

	/** The background daemon's log (or the foreground one's stderr), for failure messages. */
	log(): string {
		let text = this.foregroundLog;
		try {
			text += fs.readFileSync(this.logFile, 'utf8');
		} catch {}

		return text;
	}

	/** Runs `claude-tui ARGS…` and returns its output; never throws on a non-zero exit. */
	async cli(args: string[], options: RunOptions = {}): Promise<CliResult> {
		const result = await execa(process.execPath, [cliPath, ...args], {
			env: options.env ?? this.env,
			extendEnv: false,
			cwd: options.cwd ?? this.directory,
			reject: false,
			timeout: options.timeout ?? 20_000,
			stdin: 'ignore',
		});
		return {stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1};
	}

	/** Like cli(), but fails loudly (with stderr and the daemon log) unless the command exits 0. */
	async ok(args: string[], options: RunOptions = {}): Promise<string> {
		const result = await this.cli(args, options);
		if (result.exitCode !== 0) {
			throw new Error(`claude-tui ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}\n--- daemon log ---\n${this.log()}`);
		}

		return result.stdout;
	}

	/** Starts `claude-tui daemon --foreground` as our child and waits until it answers. */
	async startForeground(): Promise<ChildProcess> {
		const child = spawn(process.execPath, [cliPath, 'daemon', '--foreground'], {
			env: this.env,
			cwd: this.directory,
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		this.foreground.add(child);
		if (child.pid) {
			this.daemonPids.add(child.pid);
		}

		child.stderr!.setEncoding('utf8');
		child.stderr!.on('data', (chunk: string) => {
			this.foregroundLog += chunk;
		});
		let exited = false;
		child.once('exit', () => {
			exited = true;
		});
		await waitFor(async () => {
			if (exited) {
				throw new Error(`the daemon exited: ${this.foregroundLog}`);
			}

			return this.answers();
		}, {message: 'the foreground daemon to answer'});
		return child;
	}

	/** Whether a daemon answers on the socket. */
	async answers(): Promise<boolean> {
		try {
			const client = await DaemonClient.connect(this.socket);
			client.destroy();
			return true;
		} catch {
			return false;
		}
	}

	/** A protocol client on the sandbox's socket, closed by cleanup(). */
	async connect(): Promise<DaemonClient> {
		const client = await DaemonClient.connect(this.socket);
		this.clients.add(client);
		client.once('close', () => this.clients.delete(client));
		return client;
	}

	/** A raw socket on the daemon, destroyed by cleanup(). */
	async rawSocket(): Promise<net.Socket> {
		return new Promise((resolve, reject) => {
			const socket = net.createConnection(this.socket);
			this.sockets.add(socket);
			socket.once('connect', () => {
				socket.off('error', reject);
				socket.on('error', () => {});
				resolve(socket);
			});
			socket.once('error', reject);
		});
	}

	/** The pid of the daemon answering now (remembered, so cleanup can make sure it is gone). */
	async daemonPid(): Promise<number> {
		const client = await DaemonClient.connect(this.socket);
		try {
			const {pid} = await client.request('daemon.status');
			this.daemonPids.add(pid);
			return pid;
		} finally {
			client.destroy();
		}
	}

	/** Stops every daemon that ran here (politely, then SIGKILL) and removes the directory. Never throws. */
	async cleanup(): Promise<void> {
		for (const client of this.clients) {
			client.destroy();
		}

		for (const socket of this.sockets) {
			socket.destroy();
		}

		try {
			if (await this.answers()) {
				await this.daemonPid();
				const client = await DaemonClient.connect(this.socket);
				await client.request('daemon.shutdown').catch(() => {});
				client.destroy();
			}
		} catch {}

		for (const pid of this.daemonPids) {
			if (!processGone(pid)) {
				try {
					process.kill(pid, 'SIGTERM');
				} catch {}
			}
		}

		const deadline = Date.now() + 6000;
		while ([...this.daemonPids].some(pid => !processGone(pid)) && Date.now() < deadline) {
			await delay(25);
		}

		for (const pid of this.daemonPids) {
			if (!processGone(pid)) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {}
			}
		}

		for (const child of this.foreground) {
			child.stderr?.destroy();
		}

		// A session's program may still be writing there as it exits (Claude Code's config, say): retried, not failed.
		fs.rmSync(this.directory, {recursive: true, force: true, maxRetries: 20, retryDelay: 100});
	}
}

export async function makeDaemonSandbox(): Promise<DaemonSandbox> {
	return new DaemonSandbox();
}

/**
A foreground daemon for the tests of one describe block, with a client connected: started before them, cleaned up
after. Read its fields inside the tests.
*/
export function daemonForSuite(): {readonly sandbox: DaemonSandbox; readonly client: DaemonClient} {
	const suite = {} as {sandbox: DaemonSandbox; client: DaemonClient};
	before(async () => {
		suite.sandbox = await makeDaemonSandbox();
		await suite.sandbox.startForeground();
		suite.client = await suite.sandbox.connect();
	});
	after(async () => {
		await suite.sandbox.cleanup();
	});
	return suite;
}

/** Collects every session.output notification's data for one session, as one string. */
export function collectOutput(client: DaemonClient, sessionId: string): {text: () => string} {
	let text = '';
	client.on('notification', (method, params) => {
		if (method === 'session.output' && params?.session === sessionId) {
			text += params.data as string;
		}
	});
	return {text: () => text};
}

/** Records every notification a client receives. */
export function recordNotifications(client: DaemonClient): Array<{method: string; params: any}> {
	const seen: Array<{method: string; params: any}> = [];
	client.on('notification', (method, params) => {
		seen.push({method, params});
	});
	return seen;
}

/** Sends raw lines on a socket and reads back newline-delimited JSON messages. */
export class RawConnection {
	private buffered = '';
	readonly messages: any[] = [];
	closed = false;

	constructor(readonly socket: net.Socket) {
		socket.setEncoding('utf8');
		socket.on('data', (chunk: string) => {
			this.buffered += chunk;
			const lines = this.buffered.split('\n');
			this.buffered = lines.pop() ?? '';
			for (const line of lines) {
				if (line.trim() !== '') {
					this.messages.push(JSON.parse(line));
				}
			}
		});
		socket.on('close', () => {
			this.closed = true;
		});
	}

	write(text: string): void {
		this.socket.write(text);
	}

	async next(predicate: (message: any) => boolean, timeout = 10_000): Promise<any> {
		return waitFor(() => this.messages.find(message => predicate(message)), {timeout, message: 'a matching message on the raw connection'});
	}

	async waitClosed(timeout = 10_000): Promise<void> {
		await waitFor(() => this.closed, {timeout, message: 'the daemon to close the raw connection'});
	}
}
