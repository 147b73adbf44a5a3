// A JSON-RPC client for the daemon: requests with promises, notifications as events. It speaks over any duplex
// byte stream: the daemon's Unix socket, or the stdio of `ssh HOST claude-tui bridge` (hosts/link.ts), so one
// connection carries every request and stream, whatever is underneath.
import {EventEmitter} from 'node:events';
import net from 'node:net';
import type {Duplex} from 'node:stream';
import {peerCredentials} from './native.js';
import {type AttachParams, type AttachResult, LineDecoder, type MethodName, type ScreenAttachResult, type NotificationArgs, type ParamsOf, type ResultOf, RpcError, type JsonRpcResponse} from './protocol.js';

// Snapshots with long scrollback can be large; the client trusts its daemon further than the reverse.
const maxResponseBytes = 512 * 1024 * 1024;

export class DaemonUnavailableError extends Error {
	constructor(
		readonly socket: string,
		readonly reason: string,
	) {
		super(`No daemon is running on ${socket}`);
	}
}

export type ClientEvents = {
	notification: NotificationArgs;
	close: [];
};

/** A method's params as a call passes them: optional where the method takes none. */
export type ParamsArgs<M extends MethodName> = undefined extends ParamsOf<M> ? [params?: ParamsOf<M>] : [params: ParamsOf<M>];

/** What the TUI and the commands need of a client: the daemon's own, or one that routes to several (hosts/). */
export type RpcClient = {
	/** A method's answer, as the protocol says; an attach's is the screen when it asked for screens. */
	request(method: 'session.attach', params: AttachParams & {screen: true}): Promise<ScreenAttachResult>;
	request(method: 'session.attach', params: AttachParams & {screen?: false}): Promise<AttachResult>;
	request<M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<ResultOf<M>>;
	notify<M extends MethodName>(method: M, ...params: ParamsArgs<M>): void;
	/** Any method, any params, the answer unchecked: for relaying what was asked of a router (hosts/). */
	call(method: string, params?: unknown): Promise<unknown>;
	/** A notification of any method, unchecked, likewise. */
	tell(method: string, params?: unknown): void;
	on<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): unknown;
	off<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): unknown;
	once<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): unknown;
	readonly closed: boolean;
	/** Where it leads (the local daemon's socket path), for messages and for what is remembered per daemon. */
	readonly endpoint: string;
	close(): void;
	destroy(): void;
};

type Pending = {resolve: (value: unknown) => void; reject: (error: Error) => void; method: string};

/** Connects to a daemon's Unix socket; the socket itself, for the bridge, which passes bytes through unread. */
export async function connectSocket(socketPath: string): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.createConnection(socketPath);
		socket.once('connect', () => {
			socket.removeAllListeners('error');
			// Checked on the connected socket, from the kernel: whatever the path pointed to before the connect.
			const refusal = daemonRefusal(socket, socketPath);
			if (refusal) {
				socket.destroy();
				reject(refusal);
				return;
			}

			socket.setNoDelay(true);
			resolve(socket);
		});
		socket.once('error', (error: NodeJS.ErrnoException) => {
			reject(new DaemonUnavailableError(socketPath, error.code ?? error.message));
		});
	});
}

export class DaemonClient extends EventEmitter<ClientEvents> {
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private readonly decoder = new LineDecoder(maxResponseBytes);

	/**
	@param stream newline-delimited JSON-RPC both ways; the client owns it from now on.
	@param endpoint where it leads (a socket path, `host gpu`), for messages.
	*/
	constructor(
		private readonly stream: Duplex,
		readonly endpoint: string,
	) {
		super();
		stream.on('data', (chunk: Uint8Array) => {
			this.receive(chunk);
		});
		// The other side is gone when its half ends (a pipe pair has no half-open state worth keeping).
		stream.on('end', () => {
			stream.destroy();
		});
		stream.on('error', () => {
			// 'close' follows; pending requests are rejected there.
		});
		stream.on('close', () => {
			for (const {reject, method} of this.pending.values()) {
				reject(new Error(`The daemon closed the connection before answering ${method}`));
			}

			this.pending.clear();
			this.emit('close');
		});
	}

	static async connect(socketPath: string): Promise<DaemonClient> {
		return new DaemonClient(await connectSocket(socketPath), socketPath);
	}

	get closed(): boolean {
		return this.stream.destroyed;
	}

	async request(method: 'session.attach', params: AttachParams & {screen: true}): Promise<ScreenAttachResult>;
	async request(method: 'session.attach', params: AttachParams & {screen?: false}): Promise<AttachResult>;
	async request<M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<ResultOf<M>>;
	async request(method: MethodName, params?: unknown): Promise<unknown> {
		return this.call(method, params);
	}

	/**
	Any method with any params, the answer unchecked: for a client that relays what others asked (a host's link) or
	means to send what the map forbids (the daemon's robustness tests).
	*/
	async call(method: string, params?: unknown): Promise<unknown> {
		if (this.stream.destroyed) {
			throw new Error('Not connected to the daemon');
		}

		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, {resolve, reject, method});
			this.stream.write(JSON.stringify({jsonrpc: '2.0', id, method, params}) + '\n');
		});
	}

	notify<M extends MethodName>(method: M, ...[params]: ParamsArgs<M>): void {
		this.tell(method, params);
	}

	tell(method: string, params?: unknown): void {
		if (!this.stream.destroyed) {
			this.stream.write(JSON.stringify({jsonrpc: '2.0', method, params}) + '\n');
		}
	}

	close(): void {
		this.stream.end();
	}

	destroy(): void {
		this.stream.destroy();
	}

	private receive(chunk: Uint8Array): void {
		const lines = this.decoder.push(chunk);
		if (lines === undefined) {
			this.stream.destroy();
			return;
		}

		for (const line of lines) {
			let message: unknown;
			try {
				message = JSON.parse(line);
			} catch {
				continue;
			}

			if (typeof message !== 'object' || message === null) {
				continue;
			}

			const {method, id, params} = message as {method?: unknown; id?: unknown; params?: unknown};
			if (typeof method === 'string' && id === undefined) {
				// The one place the daemon's word is taken for the protocol's: its notifications are what Notifications says.
				this.emit('notification', ...([method, params] as NotificationArgs));
				continue;
			}

			const response = message as JsonRpcResponse;
			const pending = typeof response.id === 'number' ? this.pending.get(response.id) : undefined;
			if (!pending) {
				continue;
			}

			this.pending.delete(response.id as number);
			if ('error' in response) {
				pending.reject(new RpcError(response.error.code, response.error.message, response.error.data));
			} else {
				pending.resolve(response.result);
			}
		}
	}
}

/** The socket's daemon runs as another user: whatever answers there is not ours to trust. */
export class UntrustedDaemonError extends Error {}

/** Why the daemon at the other end of `socket` is not to be talked to (another user's), or undefined. */
function daemonRefusal(socket: net.Socket, socketPath: string): Error | undefined {
	const uid = process.getuid?.();
	if (uid === undefined) {
		return undefined;
	}

	let peer: number;
	try {
		peer = peerCredentials(socket).uid;
	} catch (error) {
		return error as Error;
	}

	return peer === uid ? undefined : new UntrustedDaemonError(`The daemon on ${socketPath} runs as uid ${peer}, not as you (uid ${uid}); refusing to talk to it`);
}
