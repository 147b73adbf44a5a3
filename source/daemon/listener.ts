// The daemon's socket: listening on it, letting in only its own user, and making it again when its file is deleted.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';
import {peerCredentials} from '../native.js';
import {ensurePrivateDirectory} from '../paths.js';
import {errorCodes} from '../protocol.js';

// How often the listener looks whether its socket file is still there.
const checkEveryMs = 1000;

export type ListenerOptions = {
	socket: string;
	/** A client of the daemon's own user (or root) connected. */
	onConnection: (socket: net.Socket) => void;
	log: (message: string) => void;
};

export class SocketListener {
	private server: net.Server;
	// The socket file as it was made, to notice when it is deleted (a /tmp cleaner, an `rm`) and make it again.
	private socketFile: {dev: number; ino: number} | undefined;
	private watch: NodeJS.Timeout | undefined;
	private closed = false;

	constructor(private readonly options: ListenerOptions) {
		this.server = this.newServer();
	}

	async listen(): Promise<void> {
		await this.listenOn(this.server);
		this.watch = setInterval(() => void this.check(), checkEveryMs).unref();
	}

	/** Stops listening (the clients connected stay) and removes the socket file. */
	close(): void {
		this.closed = true;
		clearInterval(this.watch);
		this.server.close();
		fs.rmSync(this.options.socket, {force: true});
	}

	private newServer(): net.Server {
		return net.createServer(socket => {
			const refusal = clientRefusal(socket);
			if (refusal) {
				this.options.log(`refused a connection: ${refusal}`);
				socket.on('error', () => {});
				socket.end(JSON.stringify({jsonrpc: '2.0', id: null, error: {code: errorCodes.invalidRequest, message: `Refused: ${refusal}`}}) + '\n');
				setTimeout(() => socket.destroy(), 1000).unref();
				return;
			}

			this.options.onConnection(socket);
		});
	}

	private async listenOn(server: net.Server): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.options.socket, () => {
				server.off('error', reject);
				resolve();
			});
		});
		fs.chmodSync(this.options.socket, 0o600);
		const stat = fs.lstatSync(this.options.socket);
		this.socketFile = {dev: stat.dev, ino: stat.ino};
	}

	/**
	Makes the socket again when its file is gone: clients could not reach this daemon, and the next command would start
	a second one. A file that is there but not ours is left alone (and logged once).
	*/
	private async check(): Promise<void> {
		const {socket, log} = this.options;
		if (this.closed || !this.socketFile) {
			return;
		}

		const stat = fs.lstatSync(socket, {throwIfNoEntry: false});
		if (stat) {
			if (stat.ino !== this.socketFile.ino || stat.dev !== this.socketFile.dev) {
				log(`${socket} was replaced by another file; this daemon no longer answers there`);
				this.socketFile = undefined;
			}

			return;
		}

		this.socketFile = undefined;
		const old = this.server;
		this.server = this.newServer();
		try {
			// Closing a listening Unix socket unlinks its path (at once; the callback would wait for every client to
			// leave): done before the new one takes that path. The clients connected through it stay.
			old.close();
			ensurePrivateDirectory(path.dirname(socket));
			await this.listenOn(this.server);
			log(`the socket ${socket} was deleted; made it again`);
		} catch (error) {
			log(`could not make the socket ${socket} again: ${(error as Error).message}; trying again`);
			// Not there, as far as the next look is concerned.
			this.socketFile = {dev: -1, ino: -1};
		}
	}
}

/**
Why a client may not talk to this daemon: it runs as another user (root excepted, as tmux does). The socket's
directory keeps others out already; this holds even if the socket were reached another way (a hard link, a
loosened mode).
*/
function clientRefusal(socket: net.Socket): string | undefined {
	const uid = process.getuid?.();
	if (uid === undefined) {
		return undefined;
	}

	try {
		const peer = peerCredentials(socket);
		return peer.uid === uid || peer.uid === 0 ? undefined : `the client runs as uid ${peer.uid}${peer.pid ? ` (pid ${peer.pid})` : ''}; this daemon serves uid ${uid}`;
	} catch (error) {
		return `could not tell who the client is: ${(error as Error).message}`;
	}
}
