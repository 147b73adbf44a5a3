// Starting the daemon: one per socket, stale sockets recovered, started in the background the way tmux starts its server.
// A client that finds its daemon running loads none of the starting: child_process, the locks (and node:crypto,
// which they hash with) are imported when a daemon is started or sought (about 15 ms of `claude-tui ls` otherwise).
import fs from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import type net from 'node:net';
import {connectSocket, DaemonClient, DaemonUnavailableError} from '../client.js';
// The config file and the history options are read only by the process that starts a daemon (a client connecting
// to a running one never loads their checks: about 50 ms).
import type {Config} from '../config.js';
import type {HistorySettings} from '../history/settings.js';
import {assertNativeAddon} from '../native.js';
import {ensurePrivateDirectory, stateDirectory} from '../paths.js';
import type {AgentProfile} from '../state/rules.js';
// The daemon itself (xterm.js, node-pty, the history) is loaded only by the process that runs it: a CLI command or
// the TUI that connects to a running daemon never pays for it (about 20 MB and 200 ms).
import type {Daemon} from './daemon.js';

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
			return (await client.request('daemon.status')).pid;
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
	// Without it no client could be checked: refuse to listen rather than serve anyone who reaches the socket.
	assertNativeAddon();
	ensurePrivateDirectory(path.dirname(options.socket));
	const {acquireStartLock, claimOwnership, DaemonRunningError} = await import('./locks.js');
	const release = await acquireStartLock(`${options.socket}.lock`);
	try {
		if (await daemonAnswers(options.socket)) {
			throw new DaemonRunningError(`A daemon is already running on ${options.socket}`);
		}

		// Read once, and only when needed: a bad config file stops the daemon here, with its message, before it listens.
		let config: Config | undefined;
		const fromConfig = async () => {
			if (!config) {
				const [{loadConfig}, {parseAgentProfiles}] = await Promise.all([import('../config.js'), import('../state/profile-config.js')]);
				config = loadConfig(undefined, {parseAgents: parseAgentProfiles});
			}

			return config;
		};
		const history = options.history ?? {...(await import('../history/settings.js')).historySettings(await fromConfig()), stateDir: stateDirectory()};
		// A live daemon whose socket file was deleted still owns its sessions: a second one would run them twice.
		const disown = claimOwnership(history.stateDir, options.socket);
		try {
			// Nobody answers and nobody owns it: whatever file is there is stale (a daemon that was killed). tmux does the same.
			fs.rmSync(options.socket, {force: true});
			const agents = options.agents ?? (await fromConfig()).agents;
			const {Daemon} = await import('./daemon.js');
			const daemon = new Daemon({
				...options,
				history,
				agents,
				onShutdown() {
					disown();
					options.onShutdown?.();
				},
			});
			await daemon.listen();
			return daemon;
		} catch (error) {
			disown();
			throw error;
		}
	} finally {
		release();
	}
}

/**
When the daemon that owns `socket`'s sessions lives but its socket is gone (a /tmp cleaner removed it), it
re-creates the socket within a second or two: waits for that. Returns whether a daemon answers now.
*/
export async function awaitOwnerSocket(socket: string, stateDir: string = stateDirectory()): Promise<boolean> {
	const {DaemonRunningError, liveOwner} = await import('./locks.js');
	const owner = liveOwner(stateDir, socket);
	if (!owner) {
		return false;
	}

	const deadline = Date.now() + 5000;
	// Polling: one try after another until the daemon answers.
	/* eslint-disable no-await-in-loop */
	while (Date.now() < deadline) {
		if (await daemonAnswers(socket)) {
			return true;
		}

		await delay(50);
	}
	/* eslint-enable no-await-in-loop */

	throw new DaemonRunningError(`The daemon that owns the sessions of ${socket} (pid ${owner.pid}) does not answer on it; stop it (kill ${owner.pid}) to start afresh`);
}

export function daemonLogFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(stateDirectory(env), 'daemon.log');
}

/** Starts `claude-tui daemon --foreground` detached, logging to the state directory, and waits until it answers. */
export async function spawnBackgroundDaemon(socket: string): Promise<{pid: number; log: string}> {
	ensurePrivateDirectory(path.dirname(socket));
	if (await awaitOwnerSocket(socket)) {
		return {pid: await daemonPid(socket) ?? 0, log: daemonLogFile()};
	}

	const log = daemonLogFile();
	fs.mkdirSync(path.dirname(log), {recursive: true, mode: 0o700});
	const logFd = fs.openSync(log, 'a', 0o600);
	const {spawn} = await import('node:child_process');
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
	// Polling: one try after another until the new daemon answers.
	/* eslint-disable no-await-in-loop */
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
	/* eslint-enable no-await-in-loop */

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
