// The daemon's sessions and the one owner of the list: creating them, bringing back those of the last run from their
// records (and their last screens from their recordings), restoring, renaming, removing, finding one by what a client
// calls it, and telling clients of every change. Connections are the server's (daemon.ts, clients.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {errorCodes, RpcError, type CreateParams, type SessionInfo} from '../protocol.js';
import {defaultLook, type TerminalLook} from '../terminal/replies.js';
import {planLaunch} from '../agents/launch.js';
import {profileCatalog} from '../agents/registry.js';
import {hookReportCommand} from '../state/hooks.js';
import type {AgentProfile, ProfileCatalog} from '../state/rules.js';
import {inputModesOff} from '../terminal-modes.js';
import type {RecordProblem, SessionRecord} from '../history/records.js';
import {restoreCommand, restoredBanner} from '../history/restore.js';
import {matchSession} from '../session-reference.js';
import type {HistorySettings} from '../history/settings.js';
import type {Clients} from './clients.js';
import {HistoryKeeper} from './history.js';
import {checkArea, checkName, clampDimension, spawnFailure} from './limits.js';
import {Session, type SessionOptions} from './session.js';
import {defaultCommand, resolveCommand, sessionEnvironment} from './spawn.js';

export type SessionManagerOptions = {
	/** The daemon's socket: in every session's environment (so `claude-tui` inside it finds its daemon), and in records. */
	socket: string;
	/** Lines of scrollback each session's terminal keeps. */
	scrollback: number;
	defaultCommand?: string;
	/** Pass agents the hooks that report their state (Claude Code: `claude --settings`). Default true. */
	claudeHooks?: boolean;
	/** Agent profiles from the config file: tried before the built-in ones, and replacing those with the same id. */
	agents?: readonly AgentProfile[];
	/** Records and recordings under `stateDir` (see HistoryKeeper); without it nothing is written to disk. */
	history?: HistorySettings & {stateDir: string};
	/** Who is connected: attached clients are sent the sessions' output, and subscribers hear of every change. */
	clients: Clients;
	log: (message: string) => void;
	/** A session left the list and was disposed: what others keep of it can go. */
	onRemoved?: (session: Session) => void;
};

// Rows of old output above a restored session's last screen.
const defaultRestoredScrollback = 1000;
// Modes a program may have left on, back to a fresh terminal's: the input modes, autowrap, insert mode, scroll
// region (inside save/restore cursor: resetting it homes the cursor), hidden cursor, attributes.
const terminalModeReset = inputModesOff + '\u001B[?7h\u001B[4l\u001B7\u001B[r\u001B8\u001B[?25h\u001B[0m';

export class SessionManager {
	private readonly sessions = new Map<string, Session>();
	private readonly history: HistoryKeeper | undefined;
	private readonly profiles: ProfileCatalog;
	private readonly clients: Clients;
	private readonly log: (message: string) => void;
	private problems: RecordProblem[] = [];
	// Last screens of sessions brought back from their records, being rebuilt from their recordings.
	private readonly screens = new Map<string, Promise<void>>();
	// The user's terminal's colours and cell size, as the last TUI to start told us: what programs' queries are answered.
	private look: TerminalLook = defaultLook;
	private stopping = false;

	constructor(private readonly options: SessionManagerOptions) {
		this.clients = options.clients;
		this.log = options.log;
		// The config file's other names for Claude Code are Claude Code everywhere: rules, hooks, restore.
		this.profiles = profileCatalog(options.agents, Object.fromEntries((options.history?.claudeCommands ?? []).map(name => [name, 'claude'])));
		if (options.history) {
			this.history = new HistoryKeeper({
				...options.history,
				socket: options.socket,
				log: this.log,
				onChange: session => {
					this.clients.broadcast('session.updated', session);
				},
			});
		}
	}

	list(): SessionInfo[] {
		return [...this.sessions.values()].map(session => session.info());
	}

	get count(): number {
		return this.sessions.size;
	}

	get runningCount(): number {
		return [...this.sessions.values()].filter(session => session.running).length;
	}

	/** The records that could not be read when the daemon started (daemon.status shows them). */
	get recordProblems(): readonly RecordProblem[] {
		return this.problems;
	}

	/** What programs' queries about the user's terminal are answered with from now on (daemon.setTerminal). */
	useLook(look: TerminalLook): void {
		this.look = look;
	}

	get terminalLook(): TerminalLook {
		return this.look;
	}

	byId(id: string): Session | undefined {
		return this.sessions.get(id);
	}

	/** Whether the session is still in the list (not removed meanwhile). */
	has(session: Session): boolean {
		return this.sessions.get(session.id) === session;
	}

	/** Finds a session by id, name or unambiguous id prefix (the history commands find records the same way). */
	resolve(reference: string): Session {
		const match = matchSession(this.sessions.values(), reference);
		if ('session' in match) {
			return match.session;
		}

		if (match.problem === 'none') {
			throw new RpcError(errorCodes.sessionNotFound, `No session named "${reference}"`);
		}

		throw new RpcError(errorCodes.ambiguousSession, match.problem === 'several ids'
			? `Session id prefix "${reference}" matches ${match.sessions.length} sessions`
			: `Several sessions are named "${reference}"`);
	}

	/** session.create's params, checked for their types (params.ts); the rest is checked here. */
	create(request: CreateParams): Session {
		this.assertNotStopping();
		const cwd = path.resolve(request.cwd ?? os.homedir());
		if (!fs.statSync(cwd, {throwIfNoEntry: false})?.isDirectory()) {
			throw new RpcError(errorCodes.invalidParams, `Invalid params: "cwd" is not a directory: ${cwd}`);
		}

		const extraEnv = request.env ?? {};
		const recordInput = request.recordInput ?? this.options.history?.recordInput ?? false;
		const id = this.newId();
		const command = request.command ?? this.options.defaultCommand ?? defaultCommand(process.env);
		const name = request.name === undefined ? this.defaultName(command) : checkName(request.name);
		this.assertNameFree(name);
		const env = sessionEnvironment({base: process.env, extra: extraEnv, sessionId: id, socket: this.options.socket});
		const executable = resolveCommand(command, env['PATH'] ?? '', cwd);
		if (!executable) {
			throw new RpcError(errorCodes.spawnFailed, `Command not found: ${command}`);
		}

		// An agent's adapter adds its hooks and, for a new conversation, an id of our choosing that restore can resume.
		const launch = this.planLaunch(command, request.args ?? [], executable);
		const {args} = launch;
		// Checked before spawning, so a bad size is a bad-params error rather than a failed start.
		const cols = request.cols ?? 80;
		const rows = request.rows ?? 24;
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
				scrollback: this.options.scrollback,
				profiles: this.profiles,
				...this.sessionOptions(id, name),
			});
		} catch (error) {
			throw new RpcError(errorCodes.spawnFailed, `Could not start ${command}: ${spawnFailure(error)}`);
		}

		this.add(session);
		this.history?.started(session, {env: extraEnv, conversationId: launch.conversationId, recordInput});
		this.log(`session ${name} (${id}) started: ${command} ${args.join(' ')}`);
		this.clients.broadcast('session.added', session);
		return session;
	}

	rename(session: Session, name: string): void {
		if (name !== session.name) {
			this.assertNameFree(name);
			session.rename(name);
			this.history?.renamed(session);
			this.clients.broadcast('session.updated', session);
		}
	}

	/** The agent's own word on the conversation it is on (a hook payload's session_id): restore resumes it. */
	conversationReported(session: Session, conversationId: string): void {
		if (session.running) {
			this.history?.conversation(session, conversationId);
		}
	}

	/** The session's recording files, oldest first; none when nothing is recorded. */
	async recordingFiles(session: Session): Promise<string[]> {
		return this.history?.recordingFiles(session.id) ?? [];
	}

	/** A client attached to the session, or gone from it: its clients are told (SessionInfo.clients). */
	clientsChanged(session: Session): void {
		this.clients.broadcast('session.updated', session);
	}

	/**
	A client left the session: it takes the size of the most recently active client still attached (tmux's "latest"),
	rather than keeping the size of one that is gone and showing in a corner of the others.
	*/
	clientLeft(session: Session): void {
		const latest = this.clients.latestSize(session.id);
		if (latest && this.has(session)) {
			session.resize(latest.cols, latest.rows);
		}

		this.clientsChanged(session);
	}

	/** Sessions this daemon's socket had when its last run stopped, back in the list (not running yet). */
	async adoptRecords(): Promise<void> {
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

		this.problems = loaded.problems;
		for (const record of loaded.records) {
			this.adopt(record, this.history);
		}
	}

	/** Rebuilds the last screens of adopted sessions from their recordings, one at a time, in the background. */
	async loadScreens(): Promise<void> {
		for (const session of this.sessions.values()) {
			if (session.dormant) {
				// eslint-disable-next-line no-await-in-loop
				await this.loadScreen(session);
			}
		}
	}

	/** The last screen of a session brought back from its record, rebuilt from its recording (once). */
	async loadScreen(session: Session): Promise<void> {
		const history = this.history;
		if (!history || this.screens.has(session.id)) {
			return this.screens.get(session.id);
		}

		const loading = (async () => {
			try {
				const screen = await history.lastScreen(session.id, Math.min(this.options.scrollback, defaultRestoredScrollback));
				if (screen && this.has(session)) {
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
	async restore(session: Session, size: {cols: number | undefined; rows: number | undefined}): Promise<void> {
		this.assertNotStopping();
		if (session.running) {
			throw new RpcError(errorCodes.sessionRunning, `Session "${session.name}" is running`);
		}

		await this.loadScreen(session);
		await this.history?.settled(session.id);
		this.assertNotStopping();
		// Removed or restored by another client meanwhile.
		if (!this.has(session)) {
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
		if (size.cols !== undefined && size.rows !== undefined) {
			session.resize(size.cols, size.rows);
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
		session.print(`${reset}${newLine}${restoredBanner(session.restoredAt ?? new Date(), plan)}`);
		this.log(`session ${session.name} (${session.id}) restored (${plan.mode}): ${plan.command} ${plan.args.join(' ')}`);
	}

	async remove(session: Session): Promise<void> {
		this.sessions.delete(session.id);
		this.screens.delete(session.id);
		// Told before they are detached: a client attached without subscribing hears of it only as an attached one.
		this.clients.broadcast('session.removed', session);
		this.clients.detachAll(session.id);
		session.dispose();
		this.options.onRemoved?.(session);
		this.log(`session ${session.name} (${session.id}) removed`);
		try {
			await this.history?.remove(session.id);
		} catch (error) {
			throw new RpcError(errorCodes.internalError, `Removed ${session.name}, but could not delete its history: ${(error as Error).message}`);
		}
	}

	/**
	The daemon stops: no session is created or restored from now on, running ones are hung up on (and "interrupted":
	restorable when the daemon starts again), and what they recorded is written, within a bound.
	*/
	async stop(): Promise<void> {
		this.stopping = true;
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
	}

	private adopt(record: SessionRecord, history: HistoryKeeper): void {
		// "running": the daemon died under it (SIGKILL, crash, reboot); "interrupted": stopped by a shutdown.
		const status = record.status === 'exited' ? 'exited' : 'restorable';
		let {name} = record;
		if (this.nameTaken(name)) {
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
			scrollback: this.options.scrollback,
			profiles: this.profiles,
			createdAt: new Date(record.createdAt),
			dormant: status,
			lastCwd: record.lastCwd,
			exit: {code: record.exitCode ?? undefined, signal: record.signal ?? undefined, at: record.exitedAt ? new Date(record.exitedAt) : undefined},
			title: typeof record['title'] === 'string' ? record['title'] : '',
			restoredAt: record.restoredAt ? new Date(record.restoredAt) : undefined,
			...this.sessionOptions(record.id, name),
		});
		this.add(session);
		history.adopted(session, {...record, name});
		this.log(`session ${name} (${record.id}) is ${status} (${record.status} when the daemon last stopped)`);
	}

	/**
	What every session is given: the user's terminal's looks, the daemon log for its terminal's complaints, and how
	many clients are attached to it (counted from the connections, never kept by hand).
	*/
	private sessionOptions(id: string, name: string): Pick<SessionOptions, 'look' | 'log' | 'attachedClients'> {
		return {
			look: () => this.look,
			log: message => this.log(`session ${name}: ${message}`),
			attachedClients: () => this.clients.attachedCount(id),
		};
	}

	/** What the child really gets: an agent also gets the hooks that report its state (unless turned off). */
	private planLaunch(command: string, args: string[], executable: string | undefined): ReturnType<typeof planLaunch> {
		return planLaunch(command, args, {catalog: this.profiles, executable, reportCommand: this.options.claudeHooks === false ? undefined : hookReportCommand()});
	}

	/** Into the list, its output and screen to its attached clients, its changes to everyone who listens. */
	private add(session: Session): void {
		this.sessions.set(session.id, session);
		this.clients.feedFrom(session);
		session.on('change', () => {
			this.clients.broadcast('session.updated', session);
		});
		session.on('exit', () => {
			this.log(`session ${session.name} (${session.id}) exited: ${session.signal ?? session.exitCode}`);
			this.clients.broadcast('session.exited', session);
		});
	}

	private assertNotStopping(): void {
		if (this.stopping) {
			throw new RpcError(errorCodes.shuttingDown, 'The daemon is shutting down');
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
		if (!this.nameTaken(base)) {
			return base;
		}

		let n = 2;
		while (this.nameTaken(`${base}-${n}`)) {
			n++;
		}

		return `${base}-${n}`;
	}

	private nameTaken(name: string): boolean {
		return [...this.sessions.values()].some(session => session.name === name);
	}

	private assertNameFree(name: string): void {
		if (this.nameTaken(name)) {
			throw new RpcError(errorCodes.nameTaken, `A session named "${name}" already exists`);
		}
	}
}
