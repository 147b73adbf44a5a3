// The TUI's view of every machine at once: this one's daemon and each configured host's link (hosts/link.ts),
// seen through one client. Sessions on a host are named HOST:SESSION, so the controller (app.tsx) lists,
// attaches, types and kills across hosts without knowing where a session lives; requests go to the daemon that
// owns the session they name.
import {EventEmitter} from 'node:events';
import type {ClientEvents, DaemonClient, ParamsArgs, RpcClient} from '../client.js';
import type {HostConfig} from '../hosts/config.js';
import {HostLink, type LinkState} from '../hosts/link.js';
import {type HostedSession, splitReference} from '../hosts/names.js';
import type {AttachParams, AttachResult, MethodName, NotificationArgs, ResultOf, ScreenAttachResult} from '../protocol.js';

export type HostStatus = {name: string; state: LinkState};

/** The TUI's links, one per configured host, kept for as long as the TUI runs (across local reconnects). */
export class HostBoard extends EventEmitter<{change: [message: string | undefined]}> {
	readonly links: HostLink[];

	constructor(hosts: readonly HostConfig[], ssh: string[], env: NodeJS.ProcessEnv = process.env) {
		super();
		this.links = hosts.map(host => new HostLink({host, ssh, env, reconnect: true, subscribe: true}));
		for (const link of this.links) {
			let previous = link.state;
			let lastFailure: string | undefined;
			link.changes.on('state', state => {
				let message: string | undefined;
				if (state.kind === 'disconnected' && state.reason !== 'closed') {
					// A drop is news; a retry that fails as the one before did is not.
					message = previous.kind === 'connected' ? `${state.reason}. Reconnecting…` : (state.reason === lastFailure ? undefined : state.reason);
					lastFailure = state.reason;
				} else if (state.kind === 'connected') {
					message = lastFailure === undefined ? undefined : `${link.name}: connected again`;
					lastFailure = undefined;
				}

				previous = state;
				this.emit('change', message);
			});
		}
	}

	get names(): string[] {
		return this.links.map(link => link.name);
	}

	statuses(): HostStatus[] {
		return this.links.map(link => ({name: link.name, state: link.state}));
	}

	link(name: string): HostLink | undefined {
		return this.links.find(link => link.name === name);
	}

	start(): void {
		for (const link of this.links) {
			link.start();
		}
	}

	close(): void {
		for (const link of this.links) {
			link.close();
		}
	}
}

/** Sessions in the sidebar's order: this machine's first, then each host's in the config file's order. */
export function orderByHost<T extends HostedSession>(sessions: T[], hostNames: readonly string[]): T[] {
	const rank = (session: T) => (session.host === undefined ? -1 : hostNames.indexOf(session.host));
	return sessions
		.map((session, index) => ({session, index}))
		.sort((a, b) => rank(a.session) - rank(b.session) || a.index - b.index)
		.map(({session}) => session);
}

/** The choice after `current` (undefined: this machine) in the new-session prompt's host row. */
export function nextHostChoice(current: string | undefined, hostNames: readonly string[], step: 1 | -1): string | undefined {
	const choices = [undefined, ...hostNames];
	const index = choices.indexOf(current);
	return choices[(index + step + choices.length) % choices.length];
}

/**
One client for the TUI over this machine's daemon and every host's link. Notifications of all of them come out
of it; a request goes where the session it names lives (`session.create` where its `host` says). It lives as
long as its local connection: after a reconnect to the local daemon a new one is made over the same links.
*/
export class SessionDirectory extends EventEmitter<ClientEvents> implements RpcClient {
	private readonly unlisten: Array<() => void> = [];

	constructor(
		private readonly local: DaemonClient,
		private readonly board: HostBoard,
	) {
		super();
		local.on('notification', (...args) => {
			this.emit('notification', ...args);
		});
		local.on('close', () => {
			this.dispose();
			this.emit('close');
		});
		for (const link of board.links) {
			const forward = (...args: NotificationArgs) => {
				// A host's daemon stopping is its link going down: the board says so, not "the daemon".
				if (args[0] !== 'daemon.shutdown') {
					this.emit('notification', ...args);
				}
			};

			link.on('notification', forward);
			this.unlisten.push(() => link.off('notification', forward));
		}
	}

	/** The local daemon's: what the TUI remembers (the session last shown) is this machine's. */
	get endpoint(): string {
		return this.local.endpoint;
	}

	get closed(): boolean {
		return this.local.closed;
	}

	async request(method: 'session.attach', params: AttachParams & {screen: true}): Promise<ScreenAttachResult>;
	async request(method: 'session.attach', params: AttachParams & {screen?: false}): Promise<AttachResult>;
	async request<M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<ResultOf<M>>;
	async request(method: MethodName, params?: unknown): Promise<unknown> {
		// Routed, not changed: each daemon answers as the protocol says.
		return this.call(method, params);
	}

	async call(method: string, params?: unknown): Promise<unknown> {
		const fields = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
		switch (method) {
			case 'events.subscribe': {
				const {sessions} = await this.local.request('events.subscribe');
				return {sessions: [...sessions, ...this.board.links.flatMap(link => link.sessions)]};
			}

			case 'session.create': {
				const {host, ...rest} = fields;
				return typeof host === 'string' ? this.linkNamed(host).call(method, rest) : this.local.call(method, rest);
			}

			case 'daemon.setTerminal': {
				// Programs on every host ask what the user's terminal looks like.
				for (const link of this.board.links) {
					link.remember(method, params);
				}

				return this.local.call(method, params);
			}

			default: {
				return this.clientFor(fields['session']).call(method, params);
			}
		}
	}

	notify<M extends MethodName>(method: M, ...[params]: ParamsArgs<M>): void {
		this.tell(method, params);
	}

	tell(method: string, params?: unknown): void {
		this.clientFor((params as {session?: unknown} | undefined)?.session).tell(method, params);
	}

	close(): void {
		this.local.close();
	}

	destroy(): void {
		this.local.destroy();
	}

	private clientFor(session: unknown): RpcClient {
		const host = typeof session === 'string' ? splitReference(session, this.board.names).host : undefined;
		return host === undefined ? this.local : this.linkNamed(host);
	}

	private linkNamed(name: string): HostLink {
		const link = this.board.link(name);
		if (!link) {
			throw new Error(`No host "${name}" in the config file's "hosts"`);
		}

		return link;
	}

	private dispose(): void {
		for (const unlisten of this.unlisten.splice(0)) {
			unlisten();
		}
	}
}
