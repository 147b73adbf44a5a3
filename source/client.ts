// A JSON-RPC client for the daemon: requests with promises, notifications as events. It speaks over any duplex
// byte stream: the daemon's Unix socket, or the stdio of `ssh HOST claude-tui bridge` (hosts/link.ts), so one
// connection carries every request and stream, whatever is underneath.
import {EventEmitter} from 'node:events';
import net from 'node:net';
import type {Duplex} from 'node:stream';
import {peerCredentials} from './native.js';
import {LineDecoder, RpcError, type JsonRpcResponse} from './protocol.js';

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
	notification: [method: string, params: any];
	close: [];
};

/** What the TUI and the commands need of a client: the daemon's own, or one that routes to several (hosts/). */
export type RpcClient = {
	request<T = unknown>(method: string, params?: unknown): Promise<T>;
	notify(method: string, params?: unknown): void;
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

	async request<T = any>(method: string, params?: unknown): Promise<T> {
		if (this.stream.destroyed) {
			throw new Error('Not connected to the daemon');
		}

		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, {resolve: resolve as (value: unknown) => void, reject, method});
			this.stream.write(JSON.stringify({jsonrpc: '2.0', id, method, params}) + '\n');
		});
	}

	notify(method: string, params?: unknown): void {
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
			let message: any;
			try {
				message = JSON.parse(line);
			} catch {
				continue;
			}

			if (typeof message?.method === 'string' && message.id === undefined) {
				this.emit('notification', message.method, message.params);
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
