// A client of no daemon, for the TUI's pieces tested in-process: requests are answered by handlers a test gives (or
// refused as a daemon refuses an unknown method), every request and notification is kept, and notifications from
// "the daemon" are emitted on demand. The TUI's own code runs unchanged against it.
import {EventEmitter} from 'node:events';
import type {ClientEvents, RpcClient} from '../../source/client.js';
import type {NotificationArgs, ScreenUpdate, SessionInfo} from '../../source/protocol.js';

export type Handler = (params: any) => unknown;

export class FakeClient extends EventEmitter<ClientEvents> {
	readonly requests: Array<{method: string; params: any}> = [];
	readonly notifications: Array<{method: string; params: any}> = [];
	readonly endpoint = '/fake/socket';
	closed = false;

	constructor(private readonly handlers: Record<string, Handler> = {}) {
		super();
	}

	/** Adds or replaces a method's handler. */
	handle(method: string, handler: Handler): void {
		this.handlers[method] = handler;
	}

	has(method: string): boolean {
		return method in this.handlers;
	}

	async request(method: string, params?: unknown): Promise<any> {
		return this.call(method, params);
	}

	async call(method: string, params?: unknown): Promise<any> {
		this.requests.push({method, params});
		const handler = this.handlers[method];
		if (!handler) {
			throw new Error(`Method not found: ${method}`);
		}

		return handler(params);
	}

	notify(method: string, params?: unknown): void {
		this.tell(method, params);
	}

	tell(method: string, params?: unknown): void {
		this.notifications.push({method, params});
	}

	/** As if the daemon sent it. */
	send(...args: NotificationArgs): void {
		this.emit('notification', ...args);
	}

	/** The requests of one method, in order. */
	asked(method: string): any[] {
		return this.requests.filter(request => request.method === method).map(request => request.params);
	}

	told(method: string): any[] {
		return this.notifications.filter(notification => notification.method === method).map(notification => notification.params);
	}

	close(): void {
		this.closed = true;
		this.emit('close');
	}

	destroy(): void {
		this.close();
	}
}

/** Typed as the TUI takes it. */
export function asRpcClient(client: FakeClient): RpcClient {
	return client as unknown as RpcClient;
}

export function sessionInfo(fields: Partial<SessionInfo> & {id: string}): SessionInfo {
	return {
		name: fields.id,
		command: 'bash',
		args: [],
		cwd: '/tmp',
		pid: 1000,
		status: 'running',
		exitCode: undefined,
		signal: undefined,
		cols: 80,
		rows: 24,
		title: '',
		bell: false,
		createdAt: '2026-12-03T12:00:00.000Z',
		exitedAt: undefined,
		clients: 0,
		state: 'idle',
		stateReason: {signal: 'quiet', agent: 'shell', since: '2026-12-03T12:00:00.000Z'},
		...fields,
	};
}

/** A full screen update whose rows are `lines`. */
export function screenOf(session: string, lines: string[], size = {cols: 80, rows: 24}): ScreenUpdate {
	return {
		session,
		cols: size.cols,
		rows: size.rows,
		full: true,
		lines: lines.map((line, y) => [y, line]),
		cursor: {x: 0, y: 0, visible: true, shape: 0},
	};
}

/** Where the chrome tests' agents work: their directories show as ~/… */
export const agentHome = '/home/ada';

/** The chrome tests' session number `index`: Claude Code in a project of its own, busy (exited when it exited). */
export function agentSession(index: number, extra: Partial<SessionInfo> = {}): SessionInfo {
	return sessionInfo({
		id: `s${index}`,
		name: `agent-${index}`,
		command: 'claude',
		cwd: `${agentHome}/src/project-${index}`,
		pid: 1000 + index,
		createdAt: '2025-01-01T00:00:00.000Z',
		state: extra.status === 'exited' ? 'exited' : 'busy',
		stateReason: {signal: 'rule', rule: 'claude.spinner', agent: 'claude', since: '2025-01-01T00:00:00.000Z'},
		...extra,
	});
}
