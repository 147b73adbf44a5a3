// Starting the daemon: one per socket, stale sockets recovered, started in the background the way tmux starts its server.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import type net from 'node:net';
import {connectSocket, DaemonClient, DaemonUnavailableError} from '../client.js';
import {type Config, loadConfig} from '../config.js';
import {historySettings, type HistorySettings} from '../history/settings.js';
import {ensurePrivateDirectory, stateDirectory} from '../paths.js';
import type {AgentProfile} from '../state/rules.js';
// The daemon itself (xterm.js, node-pty, the history) is loaded only by the process that runs it: a CLI command or
// the TUI that connects to a running daemon never pays for it (about 20 MB and 200 ms).
import type {Daemon} from './daemon.js';

export class DaemonRunningError extends Error {}

const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Whether a daemon answers on `socket`. A socket file nobody listens on is stale. */
export async function daemonAnswers(socket: string): Promise<boolean> {
	try {
		const client = await DaemonClient.connect(socket);
		client.destroy();
		return true;
	} catch {
		return false;
	}
}

async function daemonPid(socket: string): Promise<number | undefined> {
	try {
		const client = await DaemonClient.connect(socket);
		try {
			return (await client.request<{pid: number}>('daemon.status')).pid;
		} finally {
			client.destroy();
		}
	} catch {
		return undefined;
	}
}

export type StartOptions = {
	socket: string;
	scrollback?: number;
	log?: (message: string) => void;
	onShutdown?: () => void;
	/** Default: the config file's history options, in the state directory. */
	history?: HistorySettings & {stateDir: string};
	/** Default: the config file's agent profiles. */
	agents?: readonly AgentProfile[];
};

/** Runs a daemon in this process (foreground or embedded). Refuses when one already answers on the socket. */
export async function startDaemon(options: StartOptions): Promise<Daemon> {
	ensurePrivateDirectory(path.dirname(options.socket));
	const release = await acquireLock(`${options.socket}.lock`);
	try {
		if (await daemonAnswers(options.socket)) {
			throw new DaemonRunningError(`A daemon is already running on ${options.socket}`);
		}

		// Nobody answers: whatever file is there is stale (a daemon that was killed). tmux does the same.
		fs.rmSync(options.socket, {force: true});
		// Read once, and only when needed: a bad config file stops the daemon here, with its message, before it listens.
		let config: Config | undefined;
		const fromConfig = () => (config ??= loadConfig());
		const history = options.history ?? {...historySettings(fromConfig()), stateDir: stateDirectory()};
		const agents = options.agents ?? fromConfig().agents;
		const {Daemon} = await import('./daemon.js');
		const daemon = new Daemon({...options, history, agents});
		await daemon.listen();
		return daemon;
	} finally {
		release();
	}
}

/**
An exclusive lock file holding our pid, so two daemons starting at once cannot both unlink and listen.
A lock left by a dead process is taken over.
*/
async function acquireLock(file: string): Promise<() => void> {
	for (let attempt = 0; attempt < 200; attempt++) {
		try {
			fs.writeFileSync(file, String(process.pid), {flag: 'wx', mode: 0o600});
			return () => {
				fs.rmSync(file, {force: true});
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw error;
			}
		}

		const owner = Number.parseInt(fs.readFileSync(file, {encoding: 'utf8', flag: 'r'}) || '0', 10);
		if (!processAlive(owner)) {
			fs.rmSync(file, {force: true});
			continue;
		}

		await delay(25);
	}

	throw new Error(`Could not lock ${file}: another claude-tui is starting a daemon`);
}

function processAlive(pid: number): boolean {
	if (!pid) {
		return false;
	}

	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export function daemonLogFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(stateDirectory(env), 'daemon.log');
}

/** Starts `claude-tui daemon --foreground` detached, logging to the state directory, and waits until it answers. */
export async function spawnBackgroundDaemon(socket: string): Promise<{pid: number; log: string}> {
	ensurePrivateDirectory(path.dirname(socket));
	const log = daemonLogFile();
	fs.mkdirSync(path.dirname(log), {recursive: true, mode: 0o700});
	const logFd = fs.openSync(log, 'a', 0o600);
	const child = spawn(process.execPath, [cliPath, 'daemon', '--foreground', '--socket', socket], {
		detached: true,
		stdio: ['ignore', logFd, logFd],
		env: process.env,
	});
	fs.closeSync(logFd);
	child.unref();
	let exited: number | undefined;
	child.once('exit', code => {
		exited = code ?? 1;
	});
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (await daemonAnswers(socket)) {
			return {pid: await daemonPid(socket) ?? child.pid ?? 0, log};
		}

		if (exited !== undefined && exited !== 0) {
			// It may have lost a race with another daemon started at the same moment, which now answers.
			if (await daemonAnswers(socket)) {
				return {pid: await daemonPid(socket) ?? 0, log};
			}

			break;
		}

		await delay(20);
	}

	const tail = fs.readFileSync(log, 'utf8').trim().split('\n').slice(-3).join('\n');
	throw new Error(`The daemon did not start on ${socket}. From ${log}:\n${tail}`);
}

/** Connects to the daemon on `socket`, starting one in the background when none answers. */
export async function connectOrStart(socket: string): Promise<DaemonClient> {
	return new DaemonClient(await connectOrStartSocket(socket), socket);
}

/** The same, as the bare socket (the bridge passes its bytes through unread). */
export async function connectOrStartSocket(socket: string): Promise<net.Socket> {
	// Checked before connecting too, as tmux does: never talk to a daemon in a directory others control.
	ensurePrivateDirectory(path.dirname(socket));
	try {
		return await connectSocket(socket);
	} catch (error) {
		if (!(error instanceof DaemonUnavailableError)) {
			throw error;
		}
	}

	await spawnBackgroundDaemon(socket);
	return connectSocket(socket);
}
