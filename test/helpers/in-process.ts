// The daemon's pieces in this process, for unit tests of the source as it is now (no dist/, no child daemon): a real
// Connection on a real Unix socket, with the client's end reading the lines it is sent.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after} from 'node:test';
import {Connection} from '../../source/daemon/connection.js';
import {LineDecoder} from '../../source/protocol.js';

export type Message = {jsonrpc?: string; id?: unknown; method?: string; params?: unknown; result?: unknown; error?: {code: number; message: string}};

/** A temporary directory of this test file's own, removed after its tests. */
export function temporaryDirectory(prefix: string): string {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	after(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	return directory;
}

/** The client's end of a connection: sends lines, and reads every JSON line (or batch) it is sent, in order. */
export class Client {
	private readonly received: unknown[] = [];
	private waiter: (() => void) | undefined;
	// No limit: a test reads whatever the daemon sends.
	private readonly decoder = new LineDecoder(Number.POSITIVE_INFINITY);
	private ended = false;

	constructor(readonly socket: net.Socket) {
		socket.on('data', (chunk: Buffer) => {
			for (const line of this.decoder.push(chunk) ?? []) {
				this.received.push(JSON.parse(line));
			}

			this.wake();
		});
		socket.on('close', () => {
			this.ended = true;
			this.wake();
		});
	}

	get closed(): boolean {
		return this.ended;
	}

	send(message: unknown): void {
		this.socket.write((typeof message === 'string' ? message : JSON.stringify(message)) + '\n');
	}

	/** The next thing sent (a message, or an array for a batch's replies); throws if none comes within `timeoutMs`. */
	async next(timeoutMs = 5000): Promise<unknown> {
		const deadline = Date.now() + timeoutMs;
		while (this.received.length === 0) {
			if (this.ended) {
				throw new Error('the connection closed with nothing more sent');
			}

			const left = deadline - Date.now();
			if (left <= 0) {
				throw new Error(`nothing was sent within ${timeoutMs} ms`);
			}

			await new Promise<void>(resolve => {
				const timer = setTimeout(resolve, left);
				this.waiter = () => {
					clearTimeout(timer);
					resolve();
				};
			});
		}

		return this.received.shift();
	}

	/** The next message that is not a notification (replies, in the order they were sent). */
	async reply(timeoutMs = 5000): Promise<Message | Message[]> {
		for (;;) {
			const message = await this.next(timeoutMs) as Message | Message[];
			if (Array.isArray(message) || message.id !== undefined) {
				return message;
			}
		}
	}

	/** Everything sent so far that has not been read. */
	drain(): unknown[] {
		return this.received.splice(0);
	}

	private wake(): void {
		const waiter = this.waiter;
		this.waiter = undefined;
		waiter?.();
	}
}

/**
A Connection (the daemon's end) and a Client (the other end) on a Unix socket in `directory`. `onLine` is what the
daemon does with each line it reads; closed after the test file's tests.
*/
export async function connectionPair(directory: string, onLine: (line: string, connection: Connection) => void): Promise<{connection: Connection; client: Client}> {
	const socketPath = path.join(directory, `pair-${Math.random().toString(16).slice(2)}.sock`);
	const server = net.createServer();
	await new Promise<void>(resolve => {
		server.listen(socketPath, resolve);
	});
	const accepted = new Promise<net.Socket>(resolve => {
		server.once('connection', resolve);
	});
	const clientSocket = net.connect(socketPath);
	const serverSocket = await accepted;
	server.close();
	const connection = new Connection(serverSocket, onLine, () => {});
	const client = new Client(clientSocket);
	after(() => {
		clientSocket.destroy();
		serverSocket.destroy();
	});
	return {connection, client};
}

/** Polls `check` every 10 ms until it returns something truthy (which is returned); throws after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}
}
