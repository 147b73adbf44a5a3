// One client connection: framing, replies, and output streaming that never lets a slow client hold anyone up.
import type {Socket} from 'node:net';
import {LineDecoder, maxLineBytes} from '../protocol.js';
import type {FeedConnection, SessionFeed} from './feed.js';

// Past this much unsent output a client is "stalled": we stop streaming to it and resync it when it drains.
const stallAboveBytes = 1024 * 1024;
// A client that sends this many bad lines in a row is misbehaving, not mistaken.
const maxConsecutiveBadLines = 100;
/**
A client more than this far behind on what it was sent, that has read none of it for lagGraceMs, has stopped
reading (a subscriber that never reads, a stopped process): it is closed, or every event would queue for it without
bound (100,000 events were 93 MB). Closed rather than skipped, so that it cannot go on with a wrong picture: a client
that reconnects gets the whole list again. A slow reader of a large reply is not closed while it keeps reading.
*/
const lagAboveBytes = 4 * 1024 * 1024;
const lagGraceMs = 5000;

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
	// Since when the client is more than lagAboveBytes behind, and how far behind it was then.
	private lagging: {since: number; unsent: number} | undefined;

	constructor(
		readonly socket: Socket,
		private readonly onLine: (line: string, connection: Connection) => void,
		private readonly onDrain: (connection: Connection) => void,
		private readonly onStoppedReading: (unsentBytes: number) => void = () => {},
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
			this.lagging = undefined;
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
		if (this.stoppedReading()) {
			return;
		}

		this.send({jsonrpc: '2.0', method, params});
	}

	/** Whether the client has stopped reading what it is sent (see lagAboveBytes); such a client is closed. */
	private stoppedReading(): boolean {
		const unsent = this.socket.writableLength;
		if (unsent <= lagAboveBytes) {
			this.lagging = undefined;
			return false;
		}

		const now = Date.now();
		if (this.lagging === undefined || unsent < this.lagging.unsent) {
			// Behind, but it read something since the last look: give it time.
			this.lagging = {since: now, unsent};
			return false;
		}

		if (now - this.lagging.since < lagGraceMs) {
			return false;
		}

		this.onStoppedReading(unsent);
		// It does not read, so a goodbye would never arrive: the queue goes with the socket.
		this.socket.destroy();
		return true;
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
