// One client connection: framing, replies, and output streaming that never lets a slow client hold anyone up.
import type {Socket} from 'node:net';
import {LineDecoder, maxLineBytes} from '../protocol.js';
import type {FeedConnection, SessionFeed} from './feed.js';

// Past this much unsent output a client is "stalled": we stop streaming to it and resync it when it drains.
const stallAboveBytes = 1024 * 1024;
// A client that sends this many bad lines in a row is misbehaving, not mistaken.
const maxConsecutiveBadLines = 100;

export type Attachment = {
	readOnly: boolean;
	cols: number | undefined;
	rows: number | undefined;
	/** When this client last attached, typed or resized: the session's size is the latest client's (tmux's "latest"). */
	activeAt?: number;
	/** What of the session this client is sent: the raw stream and frames (feed.ts), or screens (screen-feed.ts). */
	feed: SessionFeed;
};

export class Connection implements FeedConnection {
	private readonly attached = new Map<string, Attachment>();
	subscribed = false;
	private readonly decoder = new LineDecoder(maxLineBytes);
	private badLines = 0;

	constructor(
		readonly socket: Socket,
		private readonly onLine: (line: string, connection: Connection) => void,
		private readonly onDrain: (connection: Connection) => void,
	) {
		socket.on('data', chunk => {
			// After we closed it (oversized line, too many bad lines), whatever else it sends is dropped unread.
			if (this.closed) {
				return;
			}

			const lines = this.decoder.push(chunk);
			if (lines === undefined) {
				this.sendError(null, -32_600, `Request line longer than ${maxLineBytes} bytes; closing the connection`);
				this.close();
				return;
			}

			for (const line of lines) {
				if (this.socket.destroyed) {
					return;
				}

				this.onLine(line, this);
			}
		});
		socket.on('drain', () => {
			this.onDrain(this);
		});
		socket.on('close', () => {
			this.detachAll();
		});
		// A client that vanished is not an error of ours.
		socket.on('error', () => {
			socket.destroy();
		});
	}

	get closed(): boolean {
		return this.socket.destroyed || this.socket.writableEnded;
	}

	get backedUp(): boolean {
		return this.socket.writableLength > stallAboveBytes;
	}

	get unsentBytes(): number {
		return this.socket.writableLength;
	}

	get awaitingDrain(): boolean {
		// Past the high-water mark a write() returned false, so Node emits 'drain' once the buffer empties.
		return this.socket.writableLength >= this.socket.writableHighWaterMark;
	}

	/** Sessions this client is attached to. */
	get attachments(): ReadonlyMap<string, Attachment> {
		return this.attached;
	}

	attach(sessionId: string, attachment: Attachment): void {
		this.attached.get(sessionId)?.feed.dispose();
		this.attached.set(sessionId, attachment);
	}

	/** Whether it was attached. */
	detach(sessionId: string): boolean {
		const attachment = this.attached.get(sessionId);
		attachment?.feed.dispose();
		return this.attached.delete(sessionId);
	}

	private detachAll(): void {
		for (const attachment of this.attached.values()) {
			attachment.feed.dispose();
		}
	}

	countBadLine(): void {
		this.badLines++;
		if (this.badLines >= maxConsecutiveBadLines) {
			this.sendError(null, -32_600, 'Too many malformed requests; closing the connection');
			this.close();
		}
	}

	countGoodLine(): void {
		this.badLines = 0;
	}

	send(message: unknown): void {
		if (!this.closed) {
			this.socket.write(JSON.stringify(message) + '\n');
		}
	}

	notify(method: string, params: unknown): void {
		this.send({jsonrpc: '2.0', method, params});
	}

	sendError(id: string | number | null, code: number, message: string): void {
		this.send({jsonrpc: '2.0', id, error: {code, message}});
	}

	close(): void {
		this.socket.end();
		// Do not wait forever for a client that stopped reading.
		setTimeout(() => this.socket.destroy(), 1000).unref();
	}
}
