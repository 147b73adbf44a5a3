#!/usr/bin/env node
// The claude-tui command: the TUI when run bare, and the subcommands scripts use.
import './production-mode.js';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import meow, {type AnyFlags} from 'meow';
import {DaemonClient, DaemonUnavailableError, type RpcClient, UntrustedDaemonError} from './client.js';
import {NativeAddonError} from './native.js';
import * as commands from './commands.js';
import {ConfigError, loadConfig, loadHostsConfig} from './config.js';
import {awaitOwnerSocket, connectOrStart, DaemonRunningError, daemonAnswers, spawnBackgroundDaemon, startDaemon} from './daemon/lifecycle.js';
import {historyCommands, historyFlags, isHistoryCommand, runHistoryCommand} from './history-commands.js';
import {clientForReference, commandLink, hostsFromConfig, listEveryHost, runHistoryCommandWithHosts, type Hosts} from './hosts/commands.js';
import {checkPrivateDirectory, socketPath, UnsafeDirectoryError} from './paths.js';
import {RpcError} from './protocol.js';
import {isStateCommand, notifyFlagHelp, runStateCommand, stateCommandTable, stateFlags} from './state-commands.js';

const flagCatalog = {
	socket: {type: 'string', shortFlag: 'S'},
	json: {type: 'boolean', default: false},
	foreground: {type: 'boolean', default: false},
	name: {type: 'string', shortFlag: 'n'},
	cwd: {type: 'string', shortFlag: 'c'},
	enter: {type: 'boolean', default: false, shortFlag: 'e'},
	ansi: {type: 'boolean', default: false, shortFlag: 'a'},
	scrollback: {type: 'number', default: 0},
	signal: {type: 'string', default: 'SIGHUP', shortFlag: 's'},
	embedded: {type: 'boolean', default: false},
	prefix: {type: 'string'},
	sidebarWidth: {type: 'number'},
	title: {type: 'string'},
	clipboard: {type: 'string'},
	host: {type: 'string'},
	readOnly: {type: 'boolean', default: false, shortFlag: 'r'},
	...historyFlags,
	...stateFlags,
} satisfies AnyFlags;

type FlagName = keyof typeof flagCatalog;

type Command = commands.CommandSpec<FlagName>;

const socketHelp = '--socket, -S PATH   Daemon socket (default: $CLAUDE_TUI_SOCKET, $XDG_RUNTIME_DIR/claude-tui/daemon.sock, /tmp/claude-tui-$UID/daemon.sock)';

// The flags the TUI takes, bare or as `attach`.
const tuiFlagHelp = [
	'--prefix KEY        Prefix key for the TUI\'s own commands, as tmux writes keys (default C-b; e.g. C-a, M-a, F12)',
	'--sidebar-width N   Sidebar width in columns (default 28)',
	'--read-only, -r     Look only: no typing, resizing or changing sessions (as tmux attach -r)',
	...notifyFlagHelp,
	'--title on|off      Set the terminal\'s title to the shown session\'s (default on)',
	'--clipboard on|off  Let programs copy to your clipboard (OSC 52; default on)',
];

const commandTable: Record<string, Command> = {
	'': {
		usage: 'claude-tui [options]',
		description: 'Open the session switcher: a sidebar of sessions and the live screen of the selected one.',
		flags: ['socket', 'embedded', 'prefix', 'sidebarWidth', 'notify', 'notifyWith', 'readOnly', 'title', 'clipboard'],
		flagHelp: [
			'--embedded          Run the daemon inside this process; its sessions end when the TUI exits',
			...tuiFlagHelp,
		],
		arity: [0, 0],
	},
	attach: {
		usage: 'claude-tui attach SESSION [--read-only]',
		description: 'Open the session switcher focused on SESSION (HOST:SESSION for one on a host of the config file).',
		flags: ['socket', 'prefix', 'sidebarWidth', 'notify', 'notifyWith', 'readOnly', 'title', 'clipboard'],
		flagHelp: tuiFlagHelp,
		arity: [1, 1],
	},
	daemon: {
		usage: 'claude-tui daemon [--foreground]',
		description: 'Start the daemon that owns the sessions. It starts in the background unless --foreground is given.',
		flags: ['socket', 'foreground'],
		flagHelp: ['--foreground        Stay in this terminal and log to stderr'],
		arity: [0, 0],
	},
	status: {
		usage: 'claude-tui status [--json]',
		description: 'Show whether a daemon runs, and its pid, uptime, sessions and clients.',
		flags: ['socket', 'json'],
		flagHelp: ['--json              Print JSON'],
		arity: [0, 0],
	},
	'stop-daemon': {
		usage: 'claude-tui stop-daemon',
		description: 'Stop the daemon. Its sessions get SIGHUP and end.',
		flags: ['socket'],
		arity: [0, 0],
	},
	ls: {
		usage: 'claude-tui ls [--json]',
		description: 'List sessions: name, id, state, size, attached clients, directory and command.',
		flags: ['socket', 'json'],
		flagHelp: ['--json              Print JSON'],
		arity: [0, 0],
	},
	new: {
		usage: 'claude-tui new [--name NAME] [--cwd DIR] [--host HOST] [-- COMMAND ARGS…]',
		description: 'Start a session and print its name. The command defaults to `claude` when on PATH, else $SHELL.',
		flags: ['socket', 'name', 'cwd', 'host'],
		flagHelp: [
			'--name, -n NAME     Session name (default: the command\'s name, made unique)',
			'--cwd, -c DIR       Working directory (default: the current one; on a host, its home)',
			'--host HOST         Start it on HOST, one of the config file\'s "hosts" (it is then HOST:NAME)',
		],
		arity: [0, Number.POSITIVE_INFINITY],
	},
	send: {
		usage: 'claude-tui send SESSION [--enter] TEXT…',
		description: 'Type TEXT into a session, as if at its keyboard (words are joined by spaces).',
		flags: ['socket', 'enter'],
		flagHelp: ['--enter, -e         Press Enter after the text'],
		arity: [1, Number.POSITIVE_INFINITY],
	},
	capture: {
		usage: 'claude-tui capture SESSION [--ansi] [--scrollback N]',
		description: 'Print the session\'s screen.',
		flags: ['socket', 'ansi', 'scrollback'],
		flagHelp: ['--ansi, -a          Keep colours and attributes as escape sequences', '--scrollback N      Include up to N lines of history above the screen'],
		arity: [1, 1],
	},
	kill: {
		usage: 'claude-tui kill SESSION [--signal SIG]',
		description: 'Send a signal to the session\'s process (default SIGHUP, as when its terminal closes). The session stays listed as exited.',
		flags: ['socket', 'signal'],
		flagHelp: ['--signal, -s SIG    Signal name, e.g. SIGTERM, INT, KILL'],
		arity: [1, 1],
	},
	rm: {
		usage: 'claude-tui rm SESSION',
		description: 'Remove a session, killing it first if it still runs, and delete its record and recordings.',
		flags: ['socket'],
		arity: [1, 1],
	},
	rename: {
		usage: 'claude-tui rename SESSION NAME',
		description: 'Rename a session.',
		flags: ['socket'],
		arity: [2, 2],
	},
	bridge: {
		usage: 'claude-tui bridge',
		description: 'Join stdin and stdout to the daemon\'s socket, starting the daemon when none runs. `ssh HOST claude-tui bridge` is then a JSON-RPC channel to that host\'s daemon: how claude-tui reaches sessions on other machines (config "hosts").',
		flags: ['socket'],
		arity: [0, 0],
	},
	...historyCommands,
	...stateCommandTable,
};

function helpText(name: string, command: Command): string {
	const lines = [`  ${command.description}`, '', '  Usage', `    $ ${command.usage}`, '', '  Options', `    ${socketHelp}`];
	lines.push(...(command.flagHelp ?? []).map(line => `    ${line}`));
	if (name === '') {
		lines.push(
			'',
			'  Commands',
			...Object.entries(commandTable)
				.filter(([key]) => key !== '')
				.map(([key, {description}]) => `    ${key.padEnd(12)} ${description.split('. ')[0]!.replace(/\.$/, '')}`),
			'',
			'  Run `claude-tui COMMAND --help` for a command\'s options.',
		);
	}

	return lines.join('\n');
}

/** The first argument that is not a flag nor a flag's value (`--socket PATH ls` names the command `ls`). */
function firstPositional(argv: string[]): string | undefined {
	const takesValue = new Set<string>();
	for (const [name, spec] of Object.entries(flagCatalog) as Array<[string, {type: string; shortFlag?: string}]>) {
		if (spec.type !== 'boolean') {
			takesValue.add(`--${name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)}`);
			takesValue.add(`--${name}`);
			if (spec.shortFlag) {
				takesValue.add(`-${spec.shortFlag}`);
			}
		}
	}

	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (!argument.startsWith('-')) {
			return argument;
		}

		if (takesValue.has(argument)) {
			index++;
		}
	}

	return undefined;
}

function fail(message: string): never {
	process.stderr.write(`claude-tui: ${message}\n`);
	process.exit(1);
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	// Everything after `--` is a command line (new) or literal text (send), never flags.
	const separator = argv.indexOf('--');
	const afterSeparator = separator === -1 ? [] : argv.slice(separator + 1);
	const beforeSeparator = separator === -1 ? argv : argv.slice(0, separator);
	const first = firstPositional(beforeSeparator);
	const commandName = first !== undefined && Object.hasOwn(commandTable, first) ? first : '';
	if (first !== undefined && commandName === '') {
		fail(`Unknown command "${first}". Run \`claude-tui --help\` for the list.`);
	}

	const command = commandTable[commandName]!;
	const flags = Object.fromEntries(command.flags.map(flag => [flag, flagCatalog[flag]])) as AnyFlags;
	const cli = meow(helpText(commandName, command), {
		importMeta: import.meta,
		argv: beforeSeparator,
		flags,
		// meow would print "Unknown flag" and exit 2; we say which command it was and exit 1 like every other error.
		allowUnknownFlags: true,
	});
	// meow shows help by itself only for a bare `--help`; every subcommand has its own.
	if (cli.flags['help'] === true) {
		cli.showHelp(0);
	}

	const known = new Set(['help', 'version', ...command.flags.flatMap(flag => {
		const spec = flagCatalog[flag] as {shortFlag?: string};
		return spec.shortFlag ? [flag, spec.shortFlag] : [flag];
	})]);
	const unknown = Object.keys(cli.unnormalizedFlags).filter(key => !known.has(key));
	if (unknown.length > 0) {
		const shown = unknown.map(key => (key.length === 1 ? `-${key}` : `--${key.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)}`));
		fail(`Unknown option ${shown.join(', ')}. Run \`${['claude-tui', commandName, '--help'].filter(Boolean).join(' ')}\` for the options.`);
	}

	const scrollbackFlag = cli.flags['scrollback'] as number | undefined;
	if (scrollbackFlag !== undefined && (!Number.isInteger(scrollbackFlag) || scrollbackFlag < 0)) {
		fail('--scrollback takes a whole number of lines, e.g. --scrollback 100');
	}

	const positional = commandName === '' ? cli.input : cli.input.slice(1);
	const inputs = [...positional.map(String), ...afterSeparator];
	const [min, max] = command.arity;
	if (inputs.length < min || inputs.length > max) {
		fail(`Usage: ${command.usage}`);
	}

	// Flag, then $CLAUDE_TUI_SOCKET, then the config file, then the default place.
	const socketFlag = (cli.flags['socket'] as string | undefined) ?? (process.env['CLAUDE_TUI_SOCKET'] ? undefined : loadConfig().socket);
	const socket = socketPath({socket: socketFlag});
	const output: commands.Output = {
		out(text) {
			process.stdout.write(text + '\n');
		},
	};
	const f = cli.flags as Record<string, unknown>;

	// Read only by the commands that may reach other machines (a hook's `report` never reads the config file), and
	// only the hosts: a mistake in the daemon's part of the file is the daemon's to report as it starts.
	const hosts = () => hostsFromConfig(loadHostsConfig());
	if (isHistoryCommand(commandName)) {
		if (!await runHistoryCommandWithHosts(commandName, {socket, inputs, flags: f, output}, hosts())) {
			await runHistoryCommand(commandName, {socket, inputs, flags: f, output});
		}

		return;
	}

	if (isStateCommand(commandName)) {
		const reference = commandName === 'explain' || commandName === 'wait' ? inputs[0] : undefined;
		const connect = async () => (reference === undefined ? connectOrStart(socket) : clientForReference(reference, hosts(), async () => connectOrStart(socket)));
		await runStateCommand(commandName, {inputs, flags: f, socket, connect, output});
		return;
	}

	switch (commandName) {
		case 'daemon': {
			await runDaemonCommand(socket, f['foreground'] as boolean);
			return;
		}

		case 'bridge': {
			const {runBridge} = await import('./bridge.js');
			await runBridge(socket);
			// stdin may still be open (the daemon went first); nothing more will pass.
			process.exit(0);
			break;
		}

		case 'status': {
			const client = await connectExisting(socket);
			const status = await client.request('daemon.status');
			output.out(f['json'] ? JSON.stringify(status, undefined, 2) : commands.formatStatus(status));
			client.close();
			return;
		}

		case 'stop-daemon': {
			const client = await connectExisting(socket);
			const {pid} = await client.request('daemon.status');
			await client.request('daemon.shutdown');
			await new Promise<void>(resolve => {
				client.once('close', resolve);
			});
			output.out(`Stopped the daemon (pid ${pid}) on ${socket}`);
			return;
		}

		case '':
		case 'attach': {
			const {runTui} = await import('./tui/run.js');
			await runTui({
				socket,
				embedded: Boolean(f['embedded']),
				session: inputs[0],
				prefix: f['prefix'] as string | undefined,
				sidebarWidth: f['sidebarWidth'] as number | undefined,
				notify: f['notify'] as string | undefined,
				notifyWith: f['notifyWith'] as string | undefined,
				title: f['title'] as string | undefined,
				clipboard: f['clipboard'] as string | undefined,
				readOnly: f['readOnly'] as boolean,
			});
			return;
		}

		default: {
			await runSessionCommand(commandName, {socket, hosts: hosts()}, inputs, f, output);
		}
	}
}

/** A command about sessions: sent to this machine's daemon, or to the host a HOST:SESSION names. */
async function runSessionCommand(
	name: string,
	{socket, hosts}: {socket: string; hosts: Hosts},
	inputs: string[],
	f: Record<string, unknown>,
	output: commands.Output,
): Promise<void> {
	const local = async () => connectOrStart(socket);
	if (name === 'ls' && hosts.list.length > 0) {
		await listEveryHost(local, hosts, {json: f['json'] as boolean}, output);
		return;
	}

	const host = f['host'] as string | undefined;
	const client = name === 'new' ? (host === undefined ? await local() : commandLink(hosts, host)) : await clientForReference(inputs[0], hosts, local);
	try {
		await runSessionRequest(name, client, {remote: host !== undefined}, inputs, f, output);
	} finally {
		client.close();
	}
}

async function runSessionRequest(
	name: string,
	client: RpcClient,
	{remote}: {remote: boolean},
	inputs: string[],
	f: Record<string, unknown>,
	output: commands.Output,
): Promise<void> {
	const session = inputs[0] ?? '';
	switch (name) {
		case 'ls': {
			await commands.listSessions(client, {json: f['json'] as boolean}, output);
			break;
		}

		case 'new': {
			// A directory on another machine is that machine's to resolve; by default its home.
			const cwd = f['cwd'] as string | undefined;
			await commands.newSession(client, {name: f['name'] as string | undefined, cwd: remote ? cwd : path.resolve(cwd ?? '.'), command: inputs}, output);
			break;
		}

		case 'send': {
			await commands.sendText(client, {session, text: inputs.slice(1), enter: f['enter'] as boolean}, output);
			break;
		}

		case 'capture': {
			await commands.capture(client, {session, ansi: f['ansi'] as boolean, scrollback: f['scrollback'] as number}, output);
			break;
		}

		case 'kill': {
			await commands.killSession(client, {session, signal: f['signal'] as string}, output);
			break;
		}

		case 'rm': {
			await commands.removeSession(client, {session}, output);
			break;
		}

		case 'rename': {
			await commands.renameSession(client, {session, name: inputs[1] ?? ''}, output);
			break;
		}

		default: {
			throw new commands.UsageError(`Unknown command "${name}"`);
		}
	}
}

async function connectExisting(socket: string): Promise<DaemonClient> {
	if (fs.existsSync(path.dirname(socket))) {
		checkPrivateDirectory(path.dirname(socket));
	}

	try {
		return await DaemonClient.connect(socket);
	} catch (error) {
		if (!(error instanceof DaemonUnavailableError)) {
			throw error;
		}

		// A daemon that lost its socket file makes it again: wait for it rather than say none runs.
		if (await awaitOwnerSocket(socket)) {
			return DaemonClient.connect(socket);
		}

		fail(`No daemon is running on ${socket}`);
	}
}

async function runDaemonCommand(socket: string, foreground: boolean): Promise<void> {
	if (!foreground) {
		if (await daemonAnswers(socket)) {
			fail(`A daemon is already running on ${socket}`);
		}

		const {pid, log} = await spawnBackgroundDaemon(socket);
		process.stdout.write(`claude-tui daemon listening on ${socket} (pid ${pid}, log ${log})\n`);
		return;
	}

	const log = (message: string) => {
		process.stderr.write(`${new Date().toISOString()} ${message}\n`);
	};

	const daemon = await startDaemon({
		socket,
		log,
		onShutdown() {
			process.exit(0);
		},
	});
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
		process.on(signal, () => {
			void daemon.shutdown(`received ${signal}`);
		});
	}

	// The daemon must never die because of one bad request or child: log and carry on.
	process.on('uncaughtException', error => {
		log(`uncaught exception: ${error.stack ?? String(error)}`);
	});
	process.on('unhandledRejection', error => {
		log(`unhandled rejection: ${(error as Error)?.stack ?? String(error)}`);
	});
}

try {
	await main();
} catch (error) {
	if (error instanceof RpcError || error instanceof commands.UsageError || error instanceof DaemonRunningError || error instanceof UnsafeDirectoryError || error instanceof ConfigError || error instanceof UntrustedDaemonError || error instanceof NativeAddonError) {
		fail(error.message);
	}

	if (error instanceof DaemonUnavailableError) {
		fail(`No daemon is running on ${error.socket}`);
	}

	fail((error as Error).message ?? String(error));
}
