// The daemon as a server: listens on its socket, gives every connection the methods (dispatch.ts, *-methods.ts),
// keeps the sessions (session-manager.ts) when clients come and go, and outlives all of them until it is told to stop.
import type net from 'node:net';
import process from 'node:process';
import type {DaemonStatus} from '../protocol.js';
import type {AgentProfile} from '../state/rules.js';
import {version} from '../version.js';
import type {HistorySettings} from '../history/settings.js';
import {HistoryArchives} from './archive.js';
import {attachMethods} from './attach-methods.js';
import {Clients} from './clients.js';
import {Connection} from './connection.js';
import {copyMethods} from './copy-methods.js';
import {daemonMethods} from './daemon-methods.js';
import {Dispatcher} from './dispatch.js';
import {SocketListener} from './listener.js';
import {MemoryReleaser} from './memory.js';
import type {Handlers} from './params.js';
import {SessionManager} from './session-manager.js';
import {sessionMethods} from './session-methods.js';

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

export class Daemon {
	readonly sessions: SessionManager;
	private readonly clients = new Clients();
	private readonly listener: SocketListener;
	private readonly dispatcher: Dispatcher;
	private readonly startedAt = Date.now();
	private readonly log: (message: string) => void;
	private shuttingDown: Promise<void> | undefined;
	// Renderings of recordings for copy mode (session.history, session.search), dropped when unused.
	private readonly archives: HistoryArchives;
	private readonly memory = new MemoryReleaser();

	constructor(private readonly options: DaemonOptions) {
		this.log = options.log ?? (() => {});
		this.archives = new HistoryArchives(this.log);
		this.sessions = new SessionManager({
			socket: options.socket,
			scrollback: options.scrollback ?? 2000,
			defaultCommand: options.defaultCommand,
			claudeHooks: options.claudeHooks,
			agents: options.agents,
			history: options.history,
			clients: this.clients,
			log: this.log,
			onRemoved: session => {
				this.archives.forget(session.id);
				this.memory.released();
			},
		});
		this.listener = new SocketListener({
			socket: options.socket,
			log: this.log,
			onConnection: socket => {
				this.accept(socket);
			},
		});
		const handlers: Handlers = {
			...daemonMethods({
				sessions: this.sessions,
				status: () => this.status(),
				shutdown: reason => void this.shutdown(reason),
			}),
			...sessionMethods(this.sessions),
			...attachMethods(this.sessions),
			...copyMethods({
				resolve: reference => this.sessions.resolve(reference),
				archives: this.archives,
				recordingFiles: async session => this.sessions.recordingFiles(session),
			}),
		};
		this.dispatcher = new Dispatcher(handlers, this.log);
	}

	async listen(): Promise<void> {
		// Sessions of the last run come back before anyone can ask for the list.
		await this.sessions.adoptRecords();
		await this.listener.listen();
		this.log(`listening on ${this.options.socket} (pid ${process.pid})`);
		void this.sessions.loadScreens();
	}

	status(): DaemonStatus {
		const {recordProblems} = this.sessions;
		return {
			version,
			pid: process.pid,
			uptime: (Date.now() - this.startedAt) / 1000,
			socket: this.options.socket,
			sessions: this.sessions.count,
			running: this.sessions.runningCount,
			clients: this.clients.size,
			...(recordProblems.length > 0 ? {recordProblems: [...recordProblems]} : {}),
		};
	}

	async shutdown(reason: string): Promise<void> {
		this.shuttingDown ??= this.stop(reason);
		return this.shuttingDown;
	}

	private async stop(reason: string): Promise<void> {
		this.log(`shutting down: ${reason}`);
		this.clients.notifyAll('daemon.shutdown', {reason});
		await this.sessions.stop();
		this.memory.dispose();
		this.listener.close();
		this.clients.closeAll();
		this.archives.dispose();
		this.log('stopped');
		this.options.onShutdown?.();
	}

	private accept(socket: net.Socket): void {
		const connection = new Connection(
			socket,
			(line, from) => void this.dispatcher.handleLine(line, from),
			from => {
				for (const attachment of from.attachments.values()) {
					attachment.feed.drained();
				}
			},
			unsent => {
				this.log(`closed a client that stopped reading (${Math.round(unsent / 1024 / 1024)} MB unsent for 5 s)`);
			},
		);
		this.clients.add(connection);
		socket.on('close', () => {
			this.clients.delete(connection);
			for (const sessionId of connection.attachments.keys()) {
				const session = this.sessions.byId(sessionId);
				if (session) {
					this.sessions.clientLeft(session);
				}
			}
		});
	}
}
