// The daemon: owns every session, serves JSON-RPC 2.0 to any number of clients, and outlives all of them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {
	errorCodes,
	RpcError,
	type AttachResult,
	type DaemonStatus,
	type JsonRpcId,
	type MethodName,
	type RowsResult,
	type ScreenAttachResult,
	type SessionInfo,
} from '../protocol.js';
import {defaultLook, type TerminalLook} from '../terminal/replies.js';
import {planLaunch} from '../agents/launch.js';
import {profileCatalog} from '../agents/registry.js';
import {hookReportCommand} from '../state/hooks.js';
import {reportedStates} from '../state/report.js';
import type {AgentProfile, ProfileCatalog} from '../state/rules.js';
import {inputModesOff} from '../terminal-modes.js';
import {version} from '../version.js';
import type {RecordProblem, SessionRecord} from '../history/records.js';
import {restoreCommand} from '../history/restore.js';
import type {HistorySettings} from '../history/settings.js';
import {HistoryArchives} from './archive.js';
import {Connection} from './connection.js';
import {copyMethods} from './copy-methods.js';
import {AttachmentFeed, floodBytesPerFrame} from './feed.js';
import {HistoryKeeper} from './history.js';
import {SocketListener} from './listener.js';
import {checkArea, checkName, clampDimension, dimension, normalizeSignal, spawnFailure} from './limits.js';
import {MemoryReleaser} from './memory.js';
import {type Handlers, Params} from './params.js';
import {ScreenFeed} from './screen-feed.js';
import {Session, type SessionOptions} from './session.js';
import {defaultCommand, resolveCommand, sessionEnvironment} from './spawn.js';

export type DaemonOptions = {
	socket: string;
	scrollback?: number;
	defaultCommand?: string;
	/** Pass agents the hooks that report their state (Claude Code: `claude --settings`). Default true. */
	claudeHooks?: boolean;
	log?: (message: string) => void;
	/** Agent profiles from the config file: tried before the built-in ones, and replacing those with the same id. */
	agents?: readonly AgentProfile[];
	/** Records and recordings under `stateDir` (see HistoryKeeper); without it nothing is written to disk. */
	history?: HistorySettings & {stateDir: string};
	// Called once the daemon has shut down (socket closed, children gone).
	onShutdown?: () => void;
};


const defaultSnapshotScrollback = 200;
// session.rows answers at most this many lines at a time (about 2 MB of JSON at 200 columns).
const maxRowsPerRequest = 10_000;
// Rows of old output above a restored session's last screen.
const defaultRestoredScrollback = 1000;
// Input a session's program has not read, past which more is refused (inputBacklog) rather than kept.
const maxUnreadInputBytes = 4 * 1024 * 1024;
// Modes a program may have left on, back to a fresh terminal's: the input modes, autowrap, insert mode, scroll
// region (inside save/restore cursor: resetting it homes the cursor), hidden cursor, attributes.
const terminalModeReset = inputModesOff + '\u001B[?7h\u001B[4l\u001B7\u001B[r\u001B8\u001B[?25h\u001B[0m';

export class Daemon {
	readonly sessions = new Map<string, Session>();
	private readonly connections = new Set<Connection>();
	private readonly listener: SocketListener;
	private readonly startedAt = Date.now();
	private readonly scrollback: number;
	private readonly log: (message: string) => void;
	private shuttingDown: Promise<void> | undefined;
	private readonly handlers: Handlers;
	private readonly history: HistoryKeeper | undefined;
	// Renderings of recordings for copy mode (session.history, session.search), dropped when unused.
	private readonly archives: HistoryArchives;
	private readonly profiles: ProfileCatalog;
	private recordProblems: RecordProblem[] = [];
	private readonly memory = new MemoryReleaser();
	// Last screens of sessions brought back from their records, being rebuilt from their recordings.
	private readonly screens = new Map<string, Promise<void>>();
	// The user's terminal's colours and cell size, as the last TUI to start told us: what programs' queries are answered.
	private look: TerminalLook = defaultLook;

	constructor(private readonly options: DaemonOptions) {
		this.scrollback = options.scrollback ?? 2000;
		this.log = options.log ?? (() => {});
		// The config file's other names for Claude Code are Claude Code everywhere: rules, hooks, restore.
		this.profiles = profileCatalog(options.agents, Object.fromEntries((options.history?.claudeCommands ?? []).map(name => [name, 'claude'])));
		if (options.history) {
			this.history = new HistoryKeeper({
				...options.history,
				socket: options.socket,
				log: this.log,
				onChange: session => {
					this.broadcast('session.updated', session);
				},
			});
		}

		this.archives = new HistoryArchives(this.log);
		this.listener = new SocketListener({
			socket: options.socket,
			log: this.log,
			onConnection: socket => {
				this.accept(socket);
			},
		});
		this.handlers = {
			'daemon.ping': () => ({pong: true}),
			'daemon.status': () => this.status(),
			'daemon.setTerminal': params => {
				this.look = terminalLook(params, this.look);
				return {ok: true};
			},
			'daemon.shutdown': () => {
				setImmediate(() => void this.shutdown('requested by a client'));
				return {ok: true};
			},
			'events.subscribe': (_params, connection) => {
				connection.subscribed = true;
				return {sessions: this.list()};
			},
			'events.unsubscribe': (_params, connection) => {
				connection.subscribed = false;
				return {ok: true};
			},
			'session.create': params => this.create(params).info(),
			'session.list': () => ({sessions: this.list()}),
			'session.get': params => this.resolve(params.string('session')).info(),
			'session.attach': (params, connection) => {
				const session = this.resolve(params.string('session'));
				// A session brought back from its record shows its last screen, once rebuilt from the recording (now,
				// if the rebuilding in the background has not come to it yet).
				return session.dormant ? this.loadScreen(session).then(() => this.attach(params, connection)) : this.attach(params, connection);
			},
			'session.detach': (params, connection) => {
				const session = this.resolve(params.string('session'));
				this.detach(session, connection);
				return {ok: true};
			},
			'session.input': (params, connection) => this.input(params, connection),
			'session.resize': (params, connection) => this.resize(params, connection),
			'session.kill': params => {
				const session = this.resolve(params.string('session'));
				// SIGHUP, as tmux: an interactive shell ignores SIGTERM but leaves when its terminal hangs up.
				const signal = params.optionalString('signal') ?? 'SIGHUP';
				session.kill(normalizeSignal(signal));
				return session.info();
			},
			'session.rename': params => {
				const session = this.resolve(params.string('session'));
				const name = checkName(params.string('name'));
				if (name !== session.name) {
					this.assertNameFree(name);
					session.rename(name);
					this.history?.renamed(session);
					this.broadcast('session.updated', session);
				}

				return session.info();
			},
			'session.remove': async params => {
				const session = this.resolve(params.string('session'));
				await this.remove(session);
				return {ok: true};
			},
			'session.restore': async params => this.restore(params),
			'session.report': params => {
				const session = this.resolve(params.string('session'));
				const state = params.optionalEnum('state', reportedStates);
				const conversationId = params.optionalString('conversationId');
				if (state === undefined && conversationId === undefined) {
					throw new RpcError(errorCodes.invalidParams, 'Invalid params: "state" is required (or "conversationId" alone)');
				}

				// Reports after the exit change nothing: the detector's exited state is final.
				if (state !== undefined) {
					session.report(state, params.optionalString('detail')?.slice(0, 200));
				}

				// The agent's own word on the conversation it is on (a hook payload's session_id): restore resumes it.
				if (conversationId !== undefined && session.running) {
					this.history?.conversation(session, conversationId.slice(0, 200));
				}

				return session.info();
			},
			'session.rows': async params => {
				const session = this.resolve(params.string('session'));
				if (session.dormant) {
					await this.loadScreen(session);
				}

				await session.settled();
				const buffer = session.terminal.buffer.active;
				const start = params.optionalInteger('start', 0, Number.MAX_SAFE_INTEGER) ?? 0;
				const count = params.optionalInteger('count', 0, maxRowsPerRequest) ?? maxRowsPerRequest;
				const rows = session.renderedLines(start, count);
				const wrapped = rows.flatMap((_row, index) => (buffer.getLine(start + index)?.isWrapped ? [index] : []));
				const result: RowsResult = {rows, start, total: buffer.length, screenTop: buffer.baseY, cols: session.cols, wrapped};
				return result;
			},
			...copyMethods({
				resolve: reference => this.resolve(reference),
				archives: this.archives,
				recordingFiles: async session => this.history?.recordingFiles(session.id) ?? [],
			}),
			'session.capture': async params => {
				const session = this.resolve(params.string('session'));
				if (session.dormant) {
					await this.loadScreen(session);
				}

				const format = params.optionalEnum('format', ['text', 'ansi'] as const) ?? 'text';
				const scrollback = params.optionalInteger('scrollback', 0, 1_000_000) ?? 0;
				const text = format === 'text' ? await session.captureText(scrollback) : await session.captureAnsi(scrollback);
				return {text};
			},
		};
	}

	async listen(): Promise<void> {
		// Sessions of the last run come back before anyone can ask for the list.
		await this.adoptRecords();
		await this.listener.listen();
		this.log(`listening on ${this.options.socket} (pid ${process.pid})`);
		void this.loadScreens();
	}

	list(): SessionInfo[] {
		return [...this.sessions.values()].map(session => session.info());
	}

	status(): DaemonStatus {
		return {
			version,
			pid: process.pid,
			uptime: (Date.now() - this.startedAt) / 1000,
			socket: this.options.socket,
			sessions: this.sessions.size,
			running: [...this.sessions.values()].filter(session => session.running).length,
			clients: this.connections.size,
			...(this.recordProblems.length > 0 ? {recordProblems: this.recordProblems} : {}),
		};
	}

	create(params: Params): Session {
		if (this.shuttingDown) {
			throw new RpcError(errorCodes.shuttingDown, 'The daemon is shutting down');
		}

		const cwd = path.resolve(params.optionalPath('cwd') ?? os.homedir());
		if (!fs.statSync(cwd, {throwIfNoEntry: false})?.isDirectory()) {
			throw new RpcError(errorCodes.invalidParams, `Invalid params: "cwd" is not a directory: ${cwd}`);
		}

		const extraEnv = params.optionalEnvironment('env') ?? {};
		const recordInput = params.optionalBoolean('recordInput') ?? this.options.history?.recordInput ?? false;
		const id = this.newId();
		const requestedName = params.optionalString('name');
		const command = params.optionalPath('command') ?? this.options.defaultCommand ?? defaultCommand(process.env);
		const name = requestedName === undefined ? this.defaultName(command) : checkName(requestedName);
		this.assertNameFree(name);
		const env = sessionEnvironment({base: process.env, extra: extraEnv, sessionId: id, socket: this.options.socket});
		const executable = resolveCommand(command, env['PATH'] ?? '', cwd);
		if (!executable) {
			throw new RpcError(errorCodes.spawnFailed, `Command not found: ${command}`);
		}

		// An agent's adapter adds its hooks and, for a new conversation, an id of our choosing that restore can resume.
		const launch = this.planLaunch(command, params.optionalStringArray('args') ?? [], executable);
		const {args} = launch;

		// Checked before spawning, so a bad size is a bad-params error rather than a failed start.
		const cols = dimension(params, 'cols') ?? 80;
		const rows = dimension(params, 'rows') ?? 24;
		checkArea(cols, rows);
		let session: Session;
		try {
			session = new Session({
				id,
				name,
				command,
				args,
				launchArgs: launch.launchArgs,
				cwd,
				env,
				cols,
				rows,
				scrollback: this.scrollback,
				profiles: this.profiles,
				...this.terminalOptions(id, name),
			});
		} catch (error) {
			throw new RpcError(errorCodes.spawnFailed, `Could not start ${command}: ${spawnFailure(error)}`);
		}

		this.add(session);
		this.history?.started(session, {env: extraEnv, conversationId: launch.conversationId, recordInput});
		this.log(`session ${name} (${id}) started: ${command} ${args.join(' ')}`);
		this.broadcast('session.added', session);
		return session;
	}

	/**
	What every session is given: the user's terminal's looks, the daemon log for its terminal's complaints, and how
	many clients are attached to it (counted from the connections, never kept by hand).
	*/
	private terminalOptions(id: string, name: string): Pick<SessionOptions, 'look' | 'log' | 'attachedClients'> {
		return {
			look: () => this.look,
			log: message => this.log(`session ${name}: ${message}`),
			attachedClients: () => [...this.connections].filter(connection => connection.attachments.has(id)).length,
		};
	}

	/** What the child really gets: an agent also gets the hooks that report its state (unless turned off). */
	private planLaunch(command: string, args: string[], executable: string | undefined): ReturnType<typeof planLaunch> {
		return planLaunch(command, args, {catalog: this.profiles, executable, reportCommand: this.options.claudeHooks === false ? undefined : hookReportCommand()});
	}

	private add(session: Session): void {
		this.sessions.set(session.id, session);
		session.on('output', data => {
			this.fanOut(session, data);
		});
		session.on('change', () => {
			this.broadcast('session.updated', session);
		});
		session.on('screen', () => {
			for (const connection of this.connections) {
				connection.attachments.get(session.id)?.feed.changed();
			}
		});
		session.on('bell', () => {
			for (const connection of this.connections) {
				connection.attachments.get(session.id)?.feed.bell();
			}
		});
		session.on('clipboard', write => {
			for (const connection of this.connections) {
				connection.attachments.get(session.id)?.feed.clipboard(write);
			}
		});
		session.on('exit', () => {
			this.log(`session ${session.name} (${session.id}) exited: ${session.signal ?? session.exitCode}`);
			this.broadcast('session.exited', session);
		});
	}

	/** Sessions this daemon's socket had when its last run stopped, back in the list (not running yet). */
	private async adoptRecords(): Promise<void> {
		if (!this.history) {
			return;
		}

		let loaded: Awaited<ReturnType<HistoryKeeper['load']>>;
		try {
			loaded = await this.history.load();
		} catch (error) {
			// An unreadable state directory costs the history, never the daemon.
			this.log(`could not read the session records in ${this.history.stateDir}: ${(error as Error).message}`);
			return;
		}

		this.recordProblems = loaded.problems;
		for (const record of loaded.records) {
			this.adopt(record);
		}
	}

	private adopt(record: SessionRecord): void {
		// "running": the daemon died under it (SIGKILL, crash, reboot); "interrupted": stopped by a shutdown.
		const status = record.status === 'exited' ? 'exited' : 'restorable';
		let {name} = record;
		if ([...this.sessions.values()].some(session => session.name === name)) {
			name = this.uniqueName(name);
			this.log(`session ${record.id}: the name ${record.name} is taken; it is now ${name}`);
		}

		const session = new Session({
			id: record.id,
			name,
			command: record.command,
			args: record.args,
			cwd: record.cwd,
			env: {},
			cols: clampDimension(record.cols, 80),
			rows: clampDimension(record.rows, 24),
			scrollback: this.scrollback,
			profiles: this.profiles,
			createdAt: new Date(record.createdAt),
			dormant: status,
			lastCwd: record.lastCwd,
			exit: {code: record.exitCode ?? undefined, signal: record.signal ?? undefined, at: record.exitedAt ? new Date(record.exitedAt) : undefined},
			title: typeof record['title'] === 'string' ? record['title'] : '',
			restoredAt: record.restoredAt ? new Date(record.restoredAt) : undefined,
			...this.terminalOptions(record.id, name),
		});
		this.add(session);
		this.history!.adopted(session, {...record, name});
		this.log(`session ${name} (${record.id}) is ${status} (${record.status} when the daemon last stopped)`);
	}

	/** Rebuilds the last screens of adopted sessions from their recordings, one at a time, in the background. */
	private async loadScreens(): Promise<void> {
		for (const session of this.sessions.values()) {
			if (session.dormant) {
				// eslint-disable-next-line no-await-in-loop
				await this.loadScreen(session);
			}
		}
	}

	private async loadScreen(session: Session): Promise<void> {
		const history = this.history;
		if (!history || this.screens.has(session.id)) {
			return this.screens.get(session.id);
		}

		const loading = (async () => {
			try {
				const screen = await history.lastScreen(session.id, Math.min(this.scrollback, defaultRestoredScrollback));
				if (screen && this.sessions.get(session.id) === session) {
					await session.restoreScreen(screen.snapshot, screen.cols, screen.rows);
				}
			} catch (error) {
				this.log(`could not rebuild the last screen of ${session.name} (${session.id}): ${(error as Error).message}`);
			}
		})();
		this.screens.set(session.id, loading);
		return loading;
	}

	/** Runs a restorable (or exited) session's command again, in the same directory, under the same name and id. */
	private async restore(params: Params): Promise<SessionInfo> {
		const session = this.resolve(params.string('session'));
		const cols = dimension(params, 'cols');
		const rows = dimension(params, 'rows');
		checkArea(cols, rows);
		if (this.shuttingDown) {
			throw new RpcError(errorCodes.shuttingDown, 'The daemon is shutting down');
		}

		if (session.running) {
			throw new RpcError(errorCodes.sessionRunning, `Session "${session.name}" is running`);
		}

		await this.loadScreen(session);
		await this.history?.settled(session.id);
		if (this.shuttingDown) {
			throw new RpcError(errorCodes.shuttingDown, 'The daemon is shutting down');
		}

		// Removed or restored by another client meanwhile.
		if (this.sessions.get(session.id) !== session) {
			throw new RpcError(errorCodes.sessionNotFound, `No session named "${session.name}"`);
		}

		if (session.running) {
			throw new RpcError(errorCodes.sessionRunning, `Session "${session.name}" is running`);
		}

		const record = this.history?.record(session.id) ?? {
			version: 1 as const,
			id: session.id,
			name: session.name,
			cwd: session.cwd,
			command: session.command,
			args: session.args,
			env: {},
			createdAt: session.createdAt.toISOString(),
			status: 'exited' as const,
		};
		const plan = restoreCommand(record, {restoreArgs: this.options.history?.restoreArgs, catalog: this.profiles});
		if (!fs.statSync(plan.cwd, {throwIfNoEntry: false})?.isDirectory()) {
			throw new RpcError(errorCodes.spawnFailed, `Cannot restore "${session.name}": its directory ${plan.cwd} no longer exists`);
		}

		const env = sessionEnvironment({base: process.env, extra: plan.env, sessionId: session.id, socket: this.options.socket});
		const executable = resolveCommand(plan.command, env['PATH'] ?? '', plan.cwd);
		if (!executable) {
			throw new RpcError(errorCodes.spawnFailed, `Cannot restore "${session.name}": command not found: ${plan.command}`);
		}

		// The hooks again (the conversation is already chosen: the adapter adds no new one).
		const {launchArgs} = this.planLaunch(plan.command, plan.args, executable);

		if (cols !== undefined && rows !== undefined) {
			session.resize(cols, rows);
		}

		// The old program's modes (alternate screen, mouse, bracketed paste, ...) must not greet the new one.
		const reset = (session.terminal.buffer.active.type === 'alternate' ? '\u001B[?1049l' : '') + terminalModeReset;
		try {
			session.start({command: plan.command, args: plan.args, launchArgs, cwd: plan.cwd, env});
		} catch (error) {
			throw new RpcError(errorCodes.spawnFailed, `Could not restore ${session.name}: ${spawnFailure(error)}`);
		}

		this.history?.restored(session, plan);
		if (plan.typeAfterStart !== undefined) {
			// The shell reads it once it is up, as if typed at its first prompt.
			session.write(plan.typeAfterStart);
		}

		// Printed in the same tick as the start: the new program's first output cannot come before it.
		const newLine = session.terminal.buffer.active.cursorX > 0 ? '\r\n' : '';
		session.print(`${reset}${newLine}\u001B[2m── restored ${shortDate(session.restoredAt!)} · ${[plan.command, ...plan.args].join(' ')} ──\u001B[0m\r\n`);
		this.log(`session ${session.name} (${session.id}) restored (${plan.mode}): ${plan.command} ${plan.args.join(' ')}`);
		return session.info();
	}

	/** Finds a session by name, id or unambiguous id prefix. */
	resolve(reference: string): Session {
		const byId = this.sessions.get(reference);
		if (byId) {
			return byId;
		}

		const sessions = [...this.sessions.values()];
		const byName = sessions.find(session => session.name === reference);
		if (byName) {
			return byName;
		}

		const byPrefix = reference === '' ? [] : sessions.filter(session => session.id.startsWith(reference));
		if (byPrefix.length > 1) {
			throw new RpcError(errorCodes.ambiguousSession, `Session id prefix "${reference}" matches ${byPrefix.length} sessions`);
		}

		if (byPrefix[0]) {
			return byPrefix[0];
		}

		throw new RpcError(errorCodes.sessionNotFound, `No session named "${reference}"`);
	}

	async remove(session: Session): Promise<void> {
		for (const connection of this.connections) {
			connection.detach(session.id);
		}

		this.sessions.delete(session.id);
		this.screens.delete(session.id);
		this.archives.forget(session.id);
		this.broadcast('session.removed', session);
		session.dispose();
		this.memory.released();
		this.log(`session ${session.name} (${session.id}) removed`);
		try {
			await this.history?.remove(session.id);
		} catch (error) {
			throw new RpcError(errorCodes.internalError, `Removed ${session.name}, but could not delete its history: ${(error as Error).message}`);
		}
	}

	async shutdown(reason: string): Promise<void> {
		this.shuttingDown ??= this.stop(reason);
		return this.shuttingDown;
	}

	private async stop(reason: string): Promise<void> {
		this.log(`shutting down: ${reason}`);
		for (const connection of this.connections) {
			connection.notify('daemon.shutdown', {reason});
		}

		// Sessions this stops are "interrupted": restorable when the daemon starts again.
		this.history?.beginShutdown();
		const running = [...this.sessions.values()].filter(session => session.running);
		const exited = Promise.all(running.map(async session => new Promise<void>(resolve => {
			session.once('exit', resolve);
		})));
		for (const session of running) {
			session.kill('SIGHUP');
		}

		// Children get 3 s to leave after SIGHUP; the whole shutdown stays under 5 s.
		const timeout = new Promise<void>(resolve => {
			setTimeout(resolve, 3000).unref();
		});
		await Promise.race([exited, timeout]);
		// Records and recordings are written before the children are gone for good.
		await this.history?.close();
		for (const session of this.sessions.values()) {
			session.dispose();
		}

		this.memory.dispose();
		this.listener.close();
		for (const connection of this.connections) {
			connection.close();
		}

		this.archives.dispose();
		this.log('stopped');
		this.options.onShutdown?.();
	}

	private accept(socket: net.Socket): void {
		const connection = new Connection(
			socket,
			(line, from) => void this.handleLine(line, from),
			from => {
				this.resync(from);
			},
			unsent => {
				this.log(`closed a client that stopped reading (${Math.round(unsent / 1024 / 1024)} MB unsent for 5 s)`);
			},
		);
		this.connections.add(connection);
		socket.on('close', () => {
			this.connections.delete(connection);
			for (const sessionId of connection.attachments.keys()) {
				const session = this.sessions.get(sessionId);
				if (session) {
					this.followLatestClient(session);
					this.broadcast('session.updated', session);
				}
			}
		});
	}

	private async handleLine(line: string, connection: Connection): Promise<void> {
		let message: unknown;
		try {
			message = JSON.parse(line);
		} catch {
			connection.countBadLine();
			connection.sendError(null, errorCodes.parseError, 'Parse error: the line is not valid JSON');
			return;
		}

		if (Array.isArray(message)) {
			if (message.length === 0) {
				connection.countBadLine();
				connection.sendError(null, errorCodes.invalidRequest, 'Invalid Request: empty batch');
				return;
			}

			const replies = await Promise.all(message.map(async item => this.handleMessage(item, connection)));
			const responses = replies.filter(reply => reply !== undefined);
			if (responses.length > 0) {
				connection.send(responses);
			}

			return;
		}

		const reply = this.handleMessage(message, connection);
		// Replies that are ready now go out now, so an attach snapshot precedes the output that follows it.
		const response = reply instanceof Promise ? await reply : reply;
		if (response !== undefined) {
			connection.send(response);
		}
	}

	private handleMessage(message: unknown, connection: Connection): unknown {
		const request = message as {jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown};
		const id = typeof request?.id === 'string' || typeof request?.id === 'number' ? request.id : null;
		if (
			typeof message !== 'object'
			|| message === null
			|| request.jsonrpc !== '2.0'
			|| typeof request.method !== 'string'
			|| (request.id !== undefined && request.id !== null && id === null)
		) {
			connection.countBadLine();
			return errorResponse(id, errorCodes.invalidRequest, 'Invalid Request: expected {"jsonrpc":"2.0","method":…}');
		}

		connection.countGoodLine();
		const isNotification = request.id === undefined;
		const handler: ((params: Params, connection: Connection) => unknown) | undefined = Object.hasOwn(this.handlers, request.method) ? this.handlers[request.method as MethodName] : undefined;
		if (!handler) {
			return isNotification ? undefined : errorResponse(id, errorCodes.methodNotFound, `Method not found: ${request.method}`);
		}

		const settle = (result: unknown) => (isNotification ? undefined : {jsonrpc: '2.0', id, result: result ?? null});
		const fail = (error: unknown) => {
			if (!(error instanceof RpcError)) {
				this.log(`internal error in ${request.method}: ${(error as Error).stack ?? String(error)}`);
			}

			if (isNotification) {
				return undefined;
			}

			return error instanceof RpcError
				? errorResponse(id, error.code, error.message)
				: errorResponse(id, errorCodes.internalError, `Internal error: ${(error as Error).message}`);
		};

		try {
			const result = handler(new Params(request.params), connection);
			return result instanceof Promise ? result.then(settle, fail) : settle(result);
		} catch (error) {
			return fail(error);
		}
	}

	private attach(params: Params, connection: Connection): AttachResult | ScreenAttachResult {
		const session = this.resolve(params.string('session'));
		const readOnly = params.optionalBoolean('readOnly') ?? false;
		const cols = dimension(params, 'cols');
		const rows = dimension(params, 'rows');
		checkArea(cols, rows);
		const scrollback = params.optionalInteger('scrollback', 0, 100_000) ?? defaultSnapshotScrollback;
		const frames = params.optionalBoolean('frames') ?? true;
		const screen = params.optionalBoolean('screen') ?? false;
		const feed = screen ? new ScreenFeed(session, connection) : new AttachmentFeed(session, connection, frames);
		connection.attach(session.id, {readOnly, cols, rows, feed, activeAt: performance.now()});
		// "latest" sizing, as tmux: the client that attached last decides the size.
		if (!readOnly && cols !== undefined && rows !== undefined) {
			session.resize(cols, rows);
		}

		session.clearBell();
		this.broadcast('session.updated', session);
		if (feed instanceof ScreenFeed) {
			// Rendered after the resize, so the client starts from the screen at its own size.
			return {session: session.info(), screen: feed.first()};
		}

		// Attached mid-flood: the parsed screen now, frames after it, rather than megabytes the parser has not
		// reached yet in the snapshot.
		const flooding = frames && session.pendingBytes > floodBytesPerFrame;
		if (flooding) {
			feed.startFrames();
		}

		return {
			session: session.info(),
			snapshot: flooding ? session.parsedSnapshot(scrollback) : session.snapshot(scrollback),
			cols: session.cols,
			rows: session.rows,
			cursor: session.cursor(),
		};
	}

	private resize(params: Params, connection: Connection): SessionInfo {
		const session = this.resolve(params.string('session'));
		const cols = dimension(params, 'cols') ?? session.cols;
		const rows = dimension(params, 'rows') ?? session.rows;
		checkArea(cols, rows);
		const attachment = connection.attachments.get(session.id);
		if (attachment?.readOnly) {
			throw new RpcError(errorCodes.readOnly, `Attached read-only to "${session.name}"`);
		}

		if (attachment) {
			// Remembered, or the client's next keystroke would put back the size it attached with ("latest").
			attachment.cols = cols;
			attachment.rows = rows;
			attachment.activeAt = performance.now();
		}

		session.resize(cols, rows);
		return session.info();
	}

	private detach(session: Session, connection: Connection): void {
		if (connection.detach(session.id)) {
			this.followLatestClient(session);
			this.broadcast('session.updated', session);
		}
	}

	/**
	A client left: the session takes the size of the most recently active client still attached (tmux's "latest"),
	rather than keeping the size of one that is gone and showing in a corner of the others.
	*/
	private followLatestClient(session: Session): void {
		let latest: {cols: number; rows: number; activeAt: number} | undefined;
		for (const connection of this.connections) {
			const attachment = connection.attachments.get(session.id);
			if (attachment && !attachment.readOnly && attachment.cols !== undefined && attachment.rows !== undefined) {
				const activeAt = attachment.activeAt ?? 0;
				if (!latest || activeAt > latest.activeAt) {
					latest = {cols: attachment.cols, rows: attachment.rows, activeAt};
				}
			}
		}

		if (latest && this.sessions.get(session.id) === session) {
			session.resize(latest.cols, latest.rows);
		}
	}

	private input(params: Params, connection: Connection): {ok: true} {
		const session = this.resolve(params.string('session'));
		const data = params.string('data');
		const attachment = connection.attachments.get(session.id);
		if (attachment?.readOnly) {
			throw new RpcError(errorCodes.readOnly, `Attached read-only to "${session.name}"`);
		}

		if (session.status === 'restorable') {
			throw new RpcError(errorCodes.sessionExited, `Session "${session.name}" is not running; restore it first (claude-tui restore ${session.name})`);
		}

		if (!session.running) {
			throw new RpcError(errorCodes.sessionExited, `Session "${session.name}" has exited`);
		}

		// A program that does not read its input would otherwise keep a paste of any size in the daemon's memory.
		if (session.unreadInputBytes > maxUnreadInputBytes) {
			throw new RpcError(errorCodes.inputBacklog, `Session "${session.name}" has not read the last ${Math.round(session.unreadInputBytes / 1024 / 1024)} MB of input sent to it; try again once it reads`);
		}

		// "latest" sizing: the client that typed last decides the size.
		if (attachment?.cols !== undefined && attachment.rows !== undefined) {
			attachment.activeAt = performance.now();
			session.resize(attachment.cols, attachment.rows);
		}

		session.write(data);
		return {ok: true};
	}

	private fanOut(session: Session, data: string): void {
		for (const connection of this.connections) {
			// Raw output, or (flooding, or the client lagging) nothing now and frames later: see feed.ts.
			connection.attachments.get(session.id)?.feed.output(data);
		}
	}

	private resync(connection: Connection): void {
		for (const attachment of connection.attachments.values()) {
			attachment.feed.drained();
		}
	}

	private broadcast(event: string, session: Session): void {
		const info = session.info();
		for (const connection of this.connections) {
			if (connection.subscribed || (event !== 'session.updated' && connection.attachments.has(session.id))) {
				connection.notify(event, {session: info});
			}
		}
	}

	private newId(): string {
		let id: string;
		do {
			id = crypto.randomBytes(4).toString('hex');
		} while (this.sessions.has(id) || (this.history && !this.history.idFree(id)));
		return id;
	}

	private defaultName(command: string): string {
		return this.uniqueName(path.basename(command).replaceAll(/[^\w.-]/g, '') || 'session');
	}

	private uniqueName(base: string): string {
		const taken = new Set([...this.sessions.values()].map(session => session.name));
		if (!taken.has(base)) {
			return base;
		}

		let n = 2;
		while (taken.has(`${base}-${n}`)) {
			n++;
		}

		return `${base}-${n}`;
	}

	private assertNameFree(name: string): void {
		if ([...this.sessions.values()].some(session => session.name === name)) {
			throw new RpcError(errorCodes.nameTaken, `A session named "${name}" already exists`);
		}
	}
}

function errorResponse(id: JsonRpcId | null, code: number, message: string) {
	return {jsonrpc: '2.0', id, error: {code, message}};
}

/** 2025-01-31 14:05, in the daemon's time zone. */
function shortDate(date: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// An X11 colour spec as xterm answers colour queries (rgb:rrrr/gggg/bbbb, 1-4 hex digits a channel).
const colourSpec = /^rgb:[\da-f]{1,4}\/[\da-f]{1,4}\/[\da-f]{1,4}$/i;

/** daemon.setTerminal's params over the look we have: each field checked, the ones not given kept. */
function terminalLook(params: Params, current: TerminalLook): TerminalLook {
	const colour = (key: 'foreground' | 'background' | 'cursor'): string => {
		const value = params.optionalString(key);
		if (value !== undefined && !colourSpec.test(value)) {
			throw new RpcError(errorCodes.invalidParams, `Invalid params: "${key}" must be a colour as rgb:rrrr/gggg/bbbb`);
		}

		return value ?? current[key];
	};

	const palette = {...current.palette};
	for (const [index, value] of Object.entries(params.optionalStringRecord('palette') ?? {})) {
		const number = Number(index);
		if (!Number.isInteger(number) || number < 0 || number > 255 || !colourSpec.test(value)) {
			throw new RpcError(errorCodes.invalidParams, `Invalid params: "palette" maps colour numbers 0-255 to rgb:rrrr/gggg/bbbb (${index})`);
		}

		palette[number] = value;
	}

	return {
		foreground: colour('foreground'),
		background: colour('background'),
		cursor: colour('cursor'),
		palette,
		cellWidth: params.optionalInteger('cellWidth', 1, 1000) ?? current.cellWidth,
		cellHeight: params.optionalInteger('cellHeight', 1, 1000) ?? current.cellHeight,
	};
}

