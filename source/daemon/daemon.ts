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
	type SessionInfo,
} from '../protocol.js';
import {argsWithClaudeHooks, hookReportCommand} from '../state/hooks.js';
import {reportedStates} from '../state/report.js';
import {version} from '../version.js';
import {Connection} from './connection.js';
import {Params} from './params.js';
import {Session} from './session.js';
import {defaultCommand, resolveCommand, sessionEnvironment} from './spawn.js';

export type DaemonOptions = {
	socket: string;
	scrollback?: number;
	defaultCommand?: string;
	/** Pass Claude Code sessions the hooks that report their state (`claude --settings`). Default true. */
	claudeHooks?: boolean;
	log?: (message: string) => void;
	// Called once the daemon has shut down (socket closed, children gone).
	onShutdown?: () => void;
};

type Handler = (params: Params, connection: Connection) => unknown;

const defaultSnapshotScrollback = 200;
const maxDimension = 1000;

export class Daemon {
	readonly sessions = new Map<string, Session>();
	private readonly connections = new Set<Connection>();
	private readonly server: net.Server;
	private readonly startedAt = Date.now();
	private readonly scrollback: number;
	private readonly log: (message: string) => void;
	private shuttingDown: Promise<void> | undefined;
	private readonly handlers: Record<string, Handler>;

	constructor(private readonly options: DaemonOptions) {
		this.scrollback = options.scrollback ?? 2000;
		this.log = options.log ?? (() => {});
		this.server = net.createServer(socket => {
			this.accept(socket);
		});
		this.handlers = {
			'daemon.ping': () => ({pong: true}),
			'daemon.status': () => this.status(),
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
			'session.attach': (params, connection) => this.attach(params, connection),
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
					session.name = name;
					this.broadcast('session.updated', session);
				}

				return session.info();
			},
			'session.remove': params => {
				const session = this.resolve(params.string('session'));
				this.remove(session);
				return {ok: true};
			},
			'session.report': params => {
				const session = this.resolve(params.string('session'));
				const state = params.optionalEnum('state', reportedStates);
				if (state === undefined) {
					throw new RpcError(errorCodes.invalidParams, 'Invalid params: "state" is required');
				}

				// Reports after the exit change nothing: the detector's exited state is final.
				session.report(state, params.optionalString('detail')?.slice(0, 200));
				return session.info();
			},
			'session.capture': async params => {
				const session = this.resolve(params.string('session'));
				const format = params.optionalEnum('format', ['text', 'ansi'] as const) ?? 'text';
				const scrollback = params.optionalInteger('scrollback', 0, 1_000_000) ?? 0;
				const text = format === 'text' ? await session.captureText(scrollback) : await session.captureAnsi(scrollback);
				return {text};
			},
		};
	}

	async listen(): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.socket, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		fs.chmodSync(this.options.socket, 0o600);
		this.log(`listening on ${this.options.socket} (pid ${process.pid})`);
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
		};
	}

	create(params: Params): Session {
		if (this.shuttingDown) {
			throw new RpcError(errorCodes.shuttingDown, 'The daemon is shutting down');
		}

		const cwd = path.resolve(params.optionalString('cwd') ?? os.homedir());
		if (!fs.statSync(cwd, {throwIfNoEntry: false})?.isDirectory()) {
			throw new RpcError(errorCodes.invalidParams, `Invalid params: "cwd" is not a directory: ${cwd}`);
		}

		const extraEnv = params.optionalStringRecord('env') ?? {};
		const id = this.newId();
		const requestedName = params.optionalString('name');
		const command = params.optionalString('command') ?? this.options.defaultCommand ?? defaultCommand(process.env);
		const args = params.optionalStringArray('args') ?? [];
		const name = requestedName === undefined ? this.defaultName(command) : checkName(requestedName);
		this.assertNameFree(name);
		const env = sessionEnvironment({base: process.env, extra: extraEnv, sessionId: id, socket: this.options.socket});
		const executable = resolveCommand(command, env['PATH'] ?? '', cwd);
		if (!executable) {
			throw new RpcError(errorCodes.spawnFailed, `Command not found: ${command}`);
		}

		// Checked before spawning, so a bad size is a bad-params error rather than a failed start.
		const cols = dimension(params, 'cols') ?? 80;
		const rows = dimension(params, 'rows') ?? 24;
		let session: Session;
		try {
			session = new Session({
				id,
				name,
				command,
				args,
				launchArgs: this.options.claudeHooks === false ? args : argsWithClaudeHooks(command, args, {reportCommand: hookReportCommand()}),
				cwd,
				env,
				cols,
				rows,
				scrollback: this.scrollback,
			});
		} catch (error) {
			throw new RpcError(errorCodes.spawnFailed, `Could not start ${command}: ${(error as Error).message}`);
		}

		this.sessions.set(id, session);
		session.on('output', data => {
			this.fanOut(session, data);
		});
		session.on('change', () => {
			this.broadcast('session.updated', session);
		});
		session.on('exit', () => {
			this.log(`session ${session.name} (${session.id}) exited: ${session.signal ?? session.exitCode}`);
			this.broadcast('session.exited', session);
		});
		this.log(`session ${name} (${id}) started: ${command} ${args.join(' ')}`);
		this.broadcast('session.added', session);
		return session;
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

	remove(session: Session): void {
		for (const connection of this.connections) {
			connection.attachments.delete(session.id);
		}

		this.sessions.delete(session.id);
		this.broadcast('session.removed', session);
		session.dispose();
		this.log(`session ${session.name} (${session.id}) removed`);
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
		for (const session of this.sessions.values()) {
			session.dispose();
		}

		this.server.close();
		for (const connection of this.connections) {
			connection.close();
		}

		fs.rmSync(this.options.socket, {force: true});
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
		);
		this.connections.add(connection);
		socket.on('close', () => {
			this.connections.delete(connection);
			for (const sessionId of connection.attachments.keys()) {
				const session = this.sessions.get(sessionId);
				if (session) {
					session.clients--;
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
		const handler = Object.hasOwn(this.handlers, request.method) ? this.handlers[request.method] : undefined;
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

	private attach(params: Params, connection: Connection): AttachResult {
		const session = this.resolve(params.string('session'));
		const readOnly = params.optionalBoolean('readOnly') ?? false;
		const cols = dimension(params, 'cols');
		const rows = dimension(params, 'rows');
		const scrollback = params.optionalInteger('scrollback', 0, 100_000) ?? defaultSnapshotScrollback;
		if (!connection.attachments.has(session.id)) {
			session.clients++;
		}

		connection.attachments.set(session.id, {readOnly, cols, rows, stalled: false});
		// "latest" sizing, as tmux: the client that attached last decides the size.
		if (!readOnly && cols !== undefined && rows !== undefined) {
			session.resize(cols, rows);
		}

		session.clearBell();
		this.broadcast('session.updated', session);
		return {
			session: session.info(),
			snapshot: session.snapshot(scrollback),
			cols: session.cols,
			rows: session.rows,
			cursor: session.cursor(),
		};
	}

	private resize(params: Params, connection: Connection): SessionInfo {
		const session = this.resolve(params.string('session'));
		const cols = dimension(params, 'cols') ?? session.cols;
		const rows = dimension(params, 'rows') ?? session.rows;
		const attachment = connection.attachments.get(session.id);
		if (attachment?.readOnly) {
			throw new RpcError(errorCodes.readOnly, `Attached read-only to "${session.name}"`);
		}

		if (attachment) {
			// Remembered, or the client's next keystroke would put back the size it attached with ("latest").
			attachment.cols = cols;
			attachment.rows = rows;
		}

		session.resize(cols, rows);
		return session.info();
	}

	private detach(session: Session, connection: Connection): void {
		if (connection.attachments.delete(session.id)) {
			session.clients--;
			this.broadcast('session.updated', session);
		}
	}

	private input(params: Params, connection: Connection): {ok: true} {
		const session = this.resolve(params.string('session'));
		const data = params.string('data');
		const attachment = connection.attachments.get(session.id);
		if (attachment?.readOnly) {
			throw new RpcError(errorCodes.readOnly, `Attached read-only to "${session.name}"`);
		}

		if (!session.running) {
			throw new RpcError(errorCodes.sessionExited, `Session "${session.name}" has exited`);
		}

		// "latest" sizing: the client that typed last decides the size.
		if (attachment?.cols !== undefined && attachment.rows !== undefined) {
			session.resize(attachment.cols, attachment.rows);
		}

		session.write(data);
		return {ok: true};
	}

	private fanOut(session: Session, data: string): void {
		for (const connection of this.connections) {
			const attachment = connection.attachments.get(session.id);
			if (!attachment || attachment.stalled) {
				continue;
			}

			if (connection.backedUp) {
				// Stop feeding a client that cannot keep up; it gets a fresh snapshot once it drains.
				attachment.stalled = true;
				continue;
			}

			connection.notify('session.output', {session: session.id, data});
		}
	}

	private resync(connection: Connection): void {
		for (const [sessionId, attachment] of connection.attachments) {
			const session = this.sessions.get(sessionId);
			if (!attachment.stalled || !session) {
				continue;
			}

			attachment.stalled = false;
			connection.notify('session.snapshot', {
				session: session.id,
				snapshot: session.snapshot(defaultSnapshotScrollback),
				cols: session.cols,
				rows: session.rows,
			});
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
		} while (this.sessions.has(id));
		return id;
	}

	private defaultName(command: string): string {
		const base = path.basename(command).replaceAll(/[^\w.-]/g, '') || 'session';
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

function dimension(params: Params, key: 'cols' | 'rows'): number | undefined {
	return params.optionalInteger(key, 1, maxDimension);
}

function checkName(name: string): string {
	const trimmed = name.trim();
	if (trimmed === '' || trimmed.length > 64 || /[\u0000-\u001F\u007F]/.test(trimmed)) {
		throw new RpcError(errorCodes.invalidParams, 'Invalid params: "name" must be 1-64 printable characters');
	}

	return trimmed;
}

function normalizeSignal(signal: string): string {
	const name = signal.toUpperCase().startsWith('SIG') ? signal.toUpperCase() : `SIG${signal.toUpperCase()}`;
	if (!(name in os.constants.signals)) {
		throw new RpcError(errorCodes.invalidParams, `Invalid params: "signal" is not a signal name: ${signal}`);
	}

	return name;
}
