// One host's link: the one `ssh HOST claude-tui bridge` that carries every request and stream to that host's
// daemon. It owns the connection's state (connecting, connected, disconnected and why), reconnects with backoff,
// and after a reconnect tells its listeners what changed meanwhile and shows again what was attached, so the
// TUI carries on as if nothing happened. Sessions come out named HOST:SESSION (names.ts).
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {Duplex} from 'node:stream';
import {type ClientEvents, DaemonClient, type ParamsArgs} from '../client.js';
import type {AttachParams, AttachResult, MethodName, NotificationArgs, ResultOf, ScreenAttachResult, SessionInfo} from '../protocol.js';
import type {HostConfig} from './config.js';
import {type HostedSession, qualifyInfo, qualifyMessage, unqualifyParams} from './names.js';
import {describeSshFailure, sshInvocation} from './ssh.js';

export type LinkState =
	| {kind: 'connecting'}
	| {kind: 'connected'}
	| {kind: 'disconnected'; reason: string; retryAt: number | undefined};

/** How long a host gets to answer its first request (ssh, the bridge, a daemon started there) before we give up. */
export const defaultAnswerTimeoutMs = 6000;

// Waits between attempts while a host stays away: quick at first (a blip), then every 30 s.
const retryDelaysMs = [1000, 2000, 4000, 8000, 15_000, 30_000];

export class HostUnavailableError extends Error {}

export type HostLinkOptions = {
	host: HostConfig;
	/** The ssh command's words. */
	ssh: string[];
	/** Keep trying after a failed attempt or a drop (the TUI); a command tries once. */
	reconnect: boolean;
	/** Keep the host's session list up to date (the TUI); a command asks for what it needs. */
	subscribe: boolean;
	answerTimeoutMs?: number;
	env?: NodeJS.ProcessEnv;
};

type Attached = {params: Record<string, unknown>};

export class HostLink extends EventEmitter<ClientEvents> {
	/** Every change of `state`. */
	readonly changes = new EventEmitter<{state: [LinkState]}>();
	state: LinkState = {kind: 'disconnected', reason: 'not connected yet', retryAt: undefined};
	private client: DaemonClient | undefined;
	private child: ChildProcessWithoutNullStreams | undefined;
	private connecting: Promise<DaemonClient> | undefined;
	// The host's sessions as last heard (subscribe mode), by qualified id, in its daemon's order.
	private known = new Map<string, HostedSession>();
	// What our client is attached to there, by the host's own session id: attached again after a reconnect.
	private readonly attached = new Map<string, Attached>();
	private failures = 0;
	private retryTimer: NodeJS.Timeout | undefined;
	private stopped = false;
	// Sent again on every new connection (the look of the user's terminal: daemon.setTerminal).
	private readonly standing = new Map<string, unknown>();
	// Notifications that arrive before the connection is caught up, or screen updates of a session being attached
	// again, held so that they follow what they come after (the list, the full screen), never precede it.
	private held: Array<[string, unknown]> | undefined;
	private readonly reattaching = new Map<string, unknown[]>();

	constructor(private readonly options: HostLinkOptions) {
		super();
	}

	get name(): string {
		return this.options.host.name;
	}

	get host(): HostConfig {
		return this.options.host;
	}

	/** The host's sessions, named HOST:SESSION, as last heard (subscribe mode). */
	get sessions(): HostedSession[] {
		return [...this.known.values()];
	}

	/** `host NAME`, as messages name where a request went. */
	get endpoint(): string {
		return `host ${this.name}`;
	}

	get closed(): boolean {
		return this.client === undefined;
	}

	/** Starts connecting now (the TUI); otherwise the first request connects. */
	start(): void {
		if (!this.client && !this.connecting && !this.stopped) {
			this.connect().catch(() => {
				// The state says why; a retry is scheduled.
			});
		}
	}

	async request(method: 'session.attach', params: AttachParams & {screen: true}): Promise<ScreenAttachResult>;
	async request(method: 'session.attach', params: AttachParams & {screen?: false}): Promise<AttachResult>;
	async request<M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<ResultOf<M>>;
	async request(method: MethodName, params?: unknown): Promise<unknown> {
		// The host's daemon answers as the protocol says; the host's name in its answer changes no shape.
		return this.call(method, params);
	}

	async call(method: string, params?: unknown): Promise<unknown> {
		if (method === 'events.subscribe' && this.options.subscribe) {
			await this.ready();
			return {sessions: this.sessions};
		}

		const client = await this.ready();
		const local = unqualifyParams(this.name, params) as Record<string, unknown> | undefined;
		this.intend(method, local);
		const result = await client.call(method, local);
		this.track(method, local, result);
		return qualifyMessage(this.name, result);
	}

	notify<M extends MethodName>(method: M, ...[params]: ParamsArgs<M>): void {
		this.tell(method, params);
	}

	tell(method: string, params?: unknown): void {
		const local = unqualifyParams(this.name, params) as Record<string, unknown> | undefined;
		if (method === 'session.detach' && typeof local?.['session'] === 'string') {
			this.attached.delete(local['session']);
		}

		this.client?.tell(method, local);
	}

	/** A request that every connection gets, now (if connected) and after each reconnect. */
	remember(method: string, params: unknown): void {
		this.standing.set(method, params);
		this.client?.call(method, params).catch(() => {});
	}

	/** Ends the link for good: no more attempts, ssh is ended. */
	close(): void {
		this.stopped = true;
		clearTimeout(this.retryTimer);
		this.client?.destroy();
		this.child?.kill('SIGTERM');
		this.setState({kind: 'disconnected', reason: 'closed', retryAt: undefined});
	}

	destroy(): void {
		this.close();
	}

	private async ready(): Promise<DaemonClient> {
		if (this.client) {
			return this.client;
		}

		if (this.connecting) {
			return this.connecting;
		}

		if (this.stopped || this.options.reconnect) {
			const {state} = this;
			const reason = state.kind === 'disconnected' ? state.reason : 'not connected';
			const retry = state.kind === 'disconnected' && state.retryAt !== undefined ? ` Trying again in ${Math.max(1, Math.round((state.retryAt - Date.now()) / 1000))} s.` : '';
			throw new HostUnavailableError(`${reason}${retry}`);
		}

		return this.connect();
	}

	private async connect(): Promise<DaemonClient> {
		clearTimeout(this.retryTimer);
		this.setState({kind: 'connecting'});
		const attempt = this.open().then(
			async ({client, sessions}) => {
				this.connecting = undefined;
				if (this.stopped) {
					client.destroy();
					throw new HostUnavailableError('closed');
				}

				this.client = client;
				this.failures = 0;
				this.setState({kind: 'connected'});
				this.caughtUp(client, sessions);
				const held = this.held ?? [];
				this.held = undefined;
				for (const [method, params] of held) {
					this.heard(method, params);
				}

				return client;
			},
			(error: Error) => {
				this.connecting = undefined;
				this.dropped(error.message);
				throw error;
			},
		);
		this.connecting = attempt;
		return attempt;
	}

	/** Runs the bridge over ssh and waits for its first answer, within the answer timeout. */
	private async open(): Promise<{client: DaemonClient; sessions: SessionInfo[] | undefined}> {
		const {host, ssh, env, subscribe} = this.options;
		const timeoutMs = this.options.answerTimeoutMs ?? defaultAnswerTimeoutMs;
		const {file, args} = sshInvocation({ssh, host, args: ['bridge']});
		const child = spawn(file, args, {stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env});
		this.child = child;
		let stderr = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (chunk: string) => {
			stderr = (stderr + chunk).slice(-8192);
		});
		const client = new DaemonClient(Duplex.from({readable: child.stdout, writable: child.stdin}), `host ${host.name}`);
		// From the first byte: what comes right behind the first answer, in the same chunk, is not lost.
		this.held = [];
		client.on('notification', (method, params) => {
			if (this.held) {
				this.held.push([method, params]);
			} else {
				this.heard(method, params);
			}
		});
		const exited = new Promise<{exitCode: number | null; signal: string | null; error?: Error}>(resolve => {
			child.once('error', error => {
				resolve({exitCode: null, signal: null, error});
			});
			// 'close', not 'exit': by then everything ssh wrote to stderr has been read.
			child.once('close', (exitCode, signal) => {
				resolve({exitCode, signal});
			});
		});
		void exited.then(({exitCode, signal, error}) => {
			client.destroy();
			if (this.client === client) {
				this.client = undefined;
				const ended = signal ? ` (ssh ended by ${signal})` : exitCode === null ? '' : ` (ssh exited with ${exitCode})`;
				this.dropped(error?.message ?? (stderr.trim() === '' ? `${host.name} (${host.ssh}): lost the connection${ended}` : describeSshFailure(host, {stderr, exitCode})));
				this.emit('close');
			}
		});

		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<never>((_resolve, reject) => {
			timer = setTimeout(() => {
				reject(new HostUnavailableError(describeSshFailure(host, {stderr, exitCode: null, timedOutAfterMs: timeoutMs})));
			}, timeoutMs);
		});
		const failed = exited.then(({exitCode, error}) => {
			throw new HostUnavailableError(error ? `${host.name} (${host.ssh}): could not run ${file}: ${error.message}` : describeSshFailure(host, {stderr, exitCode}));
		});
		try {
			// The first request proves the whole path: ssh, the bridge, the daemon there. When it fails, ssh's exit
			// (just behind, with all of its stderr read) says why.
			const first = (subscribe
				? client.request('events.subscribe').then(({sessions}) => sessions)
				: client.request('daemon.ping').then(() => undefined)
			).catch(async () => failed);
			const sessions = await Promise.race([first, timedOut, failed]);
			return {client, sessions};
		} catch (error) {
			child.kill('SIGTERM');
			client.destroy();
			throw error;
		} finally {
			clearTimeout(timer);
		}
	}

	/** After (re)connecting: the standing requests, what changed while away, and what was shown, shown again. */
	private caughtUp(client: DaemonClient, sessions: SessionInfo[] | undefined): void {
		for (const [method, params] of this.standing) {
			client.call(method, params).catch(() => {});
		}

		if (sessions) {
			const fresh = new Map(sessions.map(info => [`${this.name}:${info.id}`, qualifyInfo(this.name, info)]));
			for (const [id, old] of this.known) {
				if (!fresh.has(id)) {
					this.emit('notification', 'session.removed', {session: old});
				}
			}

			const before = this.known;
			this.known = fresh;
			for (const [id, info] of fresh) {
				this.emit('notification', before.has(id) ? 'session.updated' : 'session.added', {session: info});
			}
		}

		for (const [id, {params}] of this.attached) {
			this.reattaching.set(id, []);
			const release = () => {
				const held = this.reattaching.get(id) ?? [];
				this.reattaching.delete(id);
				for (const update of held) {
					this.heard('session.screen', update);
				}
			};

			client.call('session.attach', params).then(
				answer => {
					// What attaching with `screen: true` answers (the link attaches for the TUI, which always asks so).
					const result = answer as ScreenAttachResult;
					// A full screen: whoever showed it starts over from it, with everything that happened meanwhile.
					this.heard('session.updated', {session: result.session});
					this.emit('notification', 'session.screen', qualifyMessage(this.name, result.screen));
					release();
				},
				() => {
					this.attached.delete(id);
					release();
				},
			);
		}
	}

	/** A notification from the host's daemon: kept track of, then passed on with the host in its names. */
	private heard(method: string, params: unknown): void {
		const held = method === 'session.screen' ? this.reattaching.get((params as {session: string}).session) : undefined;
		if (held) {
			held.push(params);
			return;
		}

		const message = qualifyMessage(this.name, params);
		const info = (message as {session?: unknown} | undefined)?.session as HostedSession | undefined;
		if (this.options.subscribe && typeof info === 'object' && info !== null) {
			if (method === 'session.removed') {
				this.known.delete(info.id);
			} else if (method === 'session.added' || method === 'session.updated' || method === 'session.exited') {
				this.known.set(info.id, info);
			}
		}

		if (method === 'session.removed' && typeof info === 'object' && info !== null) {
			this.attached.delete(info.id.slice(this.name.length + 1));
		}

		// A relay: what the host's daemon said, as the protocol has it, renamed.
		this.emit('notification', ...([method, message] as NotificationArgs));
	}

	/** What a request means for what is attached, whether or not it gets through (a resize while away, say). */
	private intend(method: string, params: Record<string, unknown> | undefined): void {
		const attached = typeof params?.['session'] === 'string' ? this.attached.get(params['session']) : undefined;
		if (method === 'session.resize' && attached) {
			attached.params = {...attached.params, cols: params!['cols'], rows: params!['rows']};
		}
	}

	private track(method: string, params: Record<string, unknown> | undefined, result: unknown): void {
		if (method === 'session.attach') {
			const {session} = result as ScreenAttachResult;
			this.attached.set(session.id, {params: {...params, session: session.id}});
		}
	}

	private dropped(reason: string): void {
		if (this.stopped) {
			return;
		}

		let retryAt: number | undefined;
		if (this.options.reconnect) {
			const delay = retryDelaysMs[Math.min(this.failures, retryDelaysMs.length - 1)]!;
			this.failures++;
			retryAt = Date.now() + delay;
			clearTimeout(this.retryTimer);
			this.retryTimer = setTimeout(() => {
				this.start();
			}, delay);
			this.retryTimer.unref();
		}

		this.setState({kind: 'disconnected', reason, retryAt});
	}

	private setState(state: LinkState): void {
		this.state = state;
		this.changes.emit('state', state);
	}
}
