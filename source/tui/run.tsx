// Starts the TUI: finds or starts the daemon (or embeds one), and restores the terminal on every way out.
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {DaemonClient as Client, type RpcClient} from '../client.js';
import {loadConfig, sidebarWidthRange, validSidebarWidth} from '../config.js';
import {connectOrStart, startDaemon} from '../daemon/lifecycle.js';
import type {Daemon} from '../daemon/daemon.js';
import {defaultCommand} from '../daemon/spawn.js';
import {hostsFromConfig} from '../hosts/commands.js';
import {HostBoard, SessionDirectory} from './hosts.js';
import {attentionEvents, defaultNotifySettings, notifyMethods, parseList, type NotifySettings} from './attention.js';
import {parsePrefixKey} from './key-names.js';
import {defaultSidebarWidth} from './layout.js';
import {defaultCopyKeys, type CopyKeys} from './copy-keys.js';
import {tmuxPrefixHint} from './tmux-hint.js';
import {TuiState} from './tui-state.js';

export type TuiOptions = {
	socket: string;
	embedded: boolean;
	session: string | undefined;
	prefix: string | undefined;
	sidebarWidth: number | undefined;
	/** --notify: background-session events that notify (comma-separated, or none). */
	notify?: string | undefined;
	/** --notify-with: bell, osc9, osc777 (comma-separated). */
	notifyWith?: string | undefined;
	/** --title on|off: the terminal's title follows the shown session. */
	title?: string | undefined;
	/** --clipboard on|off: programs' OSC 52 copies reach the terminal. */
	clipboard?: string | undefined;
	/** --read-only: look, never type or resize. */
	readOnly?: boolean;
};

export async function runTui(options: TuiOptions): Promise<void> {
	const {stdin, stdout} = process;
	if (!stdin.isTTY || !stdout.isTTY) {
		throw new Error('claude-tui needs a terminal: run it with stdin and stdout attached to a TTY (scripts can use `claude-tui ls`, `send`, `capture`, …)');
	}

	// The controller and everything it draws with load while the config is read and the daemon answers.
	const loadingApp = import('./app.js');
	const config = loadConfig();
	const prefix = parsePrefixKey(options.prefix ?? config.prefix ?? 'C-b');
	// The config file's values are checked where it is read (naming the file and field); flags are checked here.
	if (options.sidebarWidth !== undefined && !validSidebarWidth(options.sidebarWidth)) {
		throw new Error(`--sidebar-width must be a whole number from ${sidebarWidthRange.min} to ${sidebarWidthRange.max}`);
	}

	const sidebarWidth = options.sidebarWidth ?? config.sidebarWidth ?? defaultSidebarWidth;

	const notify: NotifySettings = {
		on: parseList(options.notify ?? config.notify ?? defaultNotifySettings.on, attentionEvents, '--notify (or "notify" in the config file)'),
		with: parseList(options.notifyWith ?? config.notifyWith ?? defaultNotifySettings.with, notifyMethods, '--notify-with (or "notifyWith" in the config file)'),
	};

	const title = onOff(options.title, '--title') ?? config.title ?? true;
	const clipboard = onOff(options.clipboard, '--clipboard') ?? config.clipboard ?? true;
	const copyKeys: CopyKeys = config.copyKeys ?? defaultCopyKeys(process.env);

	let daemon: Daemon | undefined;
	let socket = options.socket;
	if (options.embedded) {
		// A private socket beside the usual one: the embedded daemon never takes over a shared daemon's place.
		socket = path.join(path.dirname(options.socket), `embedded-${process.pid}.sock`);
		daemon = await startDaemon({socket});
	}

	// Each host's link starts at once, beside the local daemon; none of them holds up the TUI.
	const hosts = hostsFromConfig(config);
	const board = hosts.list.length > 0 ? new HostBoard(hosts.list, hosts.ssh, hosts.env) : undefined;
	board?.start();
	const connect = async (): Promise<RpcClient> => {
		const local = daemon ? await Client.connect(socket) : await connectOrStart(socket);
		return board ? new SessionDirectory(local, board) : local;
	};

	const state = new TuiState();
	const tmuxHint = tmuxPrefixHint(prefix);
	// Said once on this machine, not at every start.
	// The status bar has room for the file's name, not its directory.
	const hints = [...(config.warnings ?? []).map(warning => warning.replace(/^.*\/(config\.json: )/, '$1')), ...(tmuxHint !== undefined && state.firstTime('tmux-prefix') ? [tmuxHint] : [])];
	const hint = hints.length > 0 ? hints.join(' · ') : undefined;
	const client = await connect();
	const {TuiApp} = await loadingApp;
	const app = new TuiApp({
		client,
		prefix,
		sidebarWidth,
		embedded: Boolean(daemon),
		initialSession: options.session,
		stdin,
		stdout,
		reconnect: connect,
		defaultCommand: defaultCommand(process.env),
		notify,
		title,
		clipboard,
		hosts: board,
		copyKeys,
		mouse: config.mouse ?? true,
		state,
		hint,
		readOnly: options.readOnly ?? false,
	});

	// tmux's discipline: whatever happens, the user gets their terminal back as it was.
	let restored = false;
	const restore = () => {
		if (!restored) {
			restored = true;
			app.restoreTerminal();
		}
	};

	process.on('exit', restore);
	for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
		process.on(signal, () => {
			restore();
			void daemon?.shutdown(`the TUI received ${signal}`);
			process.exit(128 + (os.constants.signals[signal] ?? 1));
		});
	}

	process.on('uncaughtException', error => {
		restore();
		process.stderr.write(`claude-tui: ${error.message}\n`);
		process.exit(1);
	});

	let message: string;
	try {
		const reason = await app.run();
		message = reason.message;
	} finally {
		app.dispose();
		restore();
	}

	client.close();
	board?.close();
	if (daemon) {
		await daemon.shutdown('the TUI quit');
	}

	stdout.write(message + '\n');
	process.exit(0);
}

function onOff(value: string | undefined, flag: string): boolean | undefined {
	if (value === undefined) {
		return undefined;
	}

	const word = value.trim().toLowerCase();
	if (['on', 'true', 'yes'].includes(word)) {
		return true;
	}

	if (['off', 'false', 'no'].includes(word)) {
		return false;
	}

	throw new Error(`${flag} takes on or off, not "${value}"`);
}
