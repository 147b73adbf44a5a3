// What one attached client is sent of one session: the raw output while the session is calm, and screens
// ("frames") while it floods or while the client lags behind. A client never has to parse more than it can show
// (tmux's way: its client receives redraws, never the stream). One code path for both: a flooded client and a
// slow client both get `session.snapshot` notifications, then the raw stream again once things calm down.
import {performance} from 'node:perf_hooks';
import type {ClipboardWrite} from '../terminal/clipboard.js';

/**
At most one frame per this many ms: 30 a second looks continuous for scrolling text, and each frame costs about
1 ms to serialize in the daemon and to parse in the client (200x50), so a flood costs either side ~3% of a core.
*/
export const frameIntervalMs = 33;
/**
More raw output than this within one frame interval (about 4 MB/s) switches a client to frames. A full redraw of
a 200x50 screen, colours and all, is 10-40 KB, so 128 KB is several screenfuls nobody can read before the next
frame; typing, agents' streaming text and full-screen programs redrawing at 60 fps stay well below it, and keep
the raw stream's lower latency. Parsing 128 KB costs a client about 4 ms (at 35 MB/s); a frame, about 1.
*/
export const floodBytesPerFrame = 128 * 1024;
/**
A frame interval with at most this much output (about 0.5 MB/s), with the daemon's parser caught up, ends frame
mode. Eight times below the way in, so a stream whose rate hovers near one threshold does not flap.
*/
export const calmBytesPerFrame = 16 * 1024;

export type FeedSession = {
	readonly id: string;
	readonly cols: number;
	readonly rows: number;
	/** Changes whenever the parsed screen may have changed (output parsed, resize). */
	readonly screenVersion: number;
	/** Every byte received has been parsed and the parser is between escape sequences: frame() is exact. */
	readonly atRest: boolean;
	/** The parsed screen, no scrollback, none of the output still waiting for the parser. */
	frame(): string;
	/** The parsed screen plus the output not parsed yet: exact whatever the parser's progress. */
	snapshot(scrollback: number): string;
};

export type FeedConnection = {
	readonly closed: boolean;
	/** Far behind (past the stall limit): no more raw output for it. */
	readonly backedUp: boolean;
	/** Bytes written to the socket that the kernel has not taken yet. */
	readonly unsentBytes: number;
	/** Unsent bytes past the socket's high-water mark: a 'drain' event is sure to come. */
	readonly awaitingDrain: boolean;
	notify(method: string, params: unknown): void;
};

type State = 'streaming' | 'framing' | 'awaiting-drain';

/** What an attached client is sent of a session: the raw stream (this file) or screens (screen-feed.ts). */
export type SessionFeed = {
	/** Output the session just received (before its parser saw it). */
	output(data: string): void;
	/** The session's parsed screen may have changed. */
	changed(): void;
	/** The program rang the bell. */
	bell(): void;
	/** The program copied to the clipboard (OSC 52). */
	clipboard(write: ClipboardWrite): void;
	/** The connection's socket drained. */
	drained(): void;
	dispose(): void;
};

export class AttachmentFeed implements SessionFeed {
	private state: State = 'streaming';
	// Raw bytes streamed in the current window of one frame interval.
	private windowStartedAt = 0;
	private windowBytes = 0;
	// Output received since the last frame decision, while framing.
	private bytesSinceTick = 0;
	private sentVersion = -1;
	private timer: NodeJS.Timeout | undefined;
	private disposed = false;

	constructor(
		private readonly session: FeedSession,
		private readonly connection: FeedConnection,
		/** False for clients that asked for every byte (`frames: false`): they only leave the stream when they lag. */
		private readonly framesAllowed = true,
	) {}

	get framing(): boolean {
		return this.state !== 'streaming';
	}

	/** Output the session just received (before its parser saw it). */
	output(data: string): void {
		if (this.state !== 'streaming') {
			this.bytesSinceTick += data.length;
			return;
		}

		if (this.connection.backedUp) {
			// Stop feeding a client that cannot keep up; it gets a fresh screen once it has caught up.
			this.startFrames(data.length);
			return;
		}

		const now = performance.now();
		if (now - this.windowStartedAt >= frameIntervalMs) {
			this.windowStartedAt = now;
			this.windowBytes = 0;
		}

		this.windowBytes += data.length;
		if (this.framesAllowed && this.windowBytes > floodBytesPerFrame) {
			// This chunk is not sent: the frames show it, and the last frame is exact.
			this.startFrames(data.length);
			return;
		}

		this.connection.notify('session.output', {session: this.session.id, data});
	}

	/**
	Starts in frame mode: for an attach while the session floods, whose snapshot need not carry the megabytes its
	parser has not reached yet (the frames that follow catch up).
	*/
	startFrames(bytes = 0): void {
		if (this.disposed) {
			return;
		}

		if (this.state === 'streaming') {
			this.state = 'framing';
			this.sentVersion = this.session.screenVersion;
			this.schedule();
		}

		this.bytesSinceTick += bytes;
	}

	/** The raw stream carries screen changes and bells itself. */
	changed(): void {}

	bell(): void {}

	clipboard(): void {}

	/** The connection's socket drained. */
	drained(): void {
		if (this.state === 'awaiting-drain') {
			this.state = 'framing';
			this.tick();
		}
	}

	dispose(): void {
		this.disposed = true;
		clearTimeout(this.timer);
		this.timer = undefined;
	}

	private schedule(): void {
		this.timer ??= setTimeout(() => {
			this.timer = undefined;
			this.tick();
		}, frameIntervalMs).unref();
	}

	private tick(): void {
		if (this.disposed || this.connection.closed || this.state === 'streaming') {
			return;
		}

		if (this.connection.unsentBytes > 0) {
			// The client has not taken the last message yet: a frame now would only queue behind it, stale.
			if (this.connection.awaitingDrain) {
				this.state = 'awaiting-drain';
			} else {
				this.schedule();
			}

			return;
		}

		if (!this.framesAllowed) {
			// A client that wants every byte gets the exact screen, whatever the parser's progress, and the stream.
			this.resume(this.session.snapshot(0));
			return;
		}

		const calm = this.bytesSinceTick <= calmBytesPerFrame && this.session.atRest;
		this.bytesSinceTick = 0;
		if (calm) {
			// Everything received is on the parsed screen, and everything after it will be streamed: nothing lost
			// or sent twice.
			this.resume(this.session.frame());
			return;
		}

		if (this.session.screenVersion !== this.sentVersion) {
			this.sentVersion = this.session.screenVersion;
			this.sendSnapshot(this.session.frame(), false);
		}

		this.schedule();
	}

	private resume(snapshot: string): void {
		this.sendSnapshot(snapshot, true);
		this.state = 'streaming';
		this.windowStartedAt = performance.now();
		this.windowBytes = 0;
		this.bytesSinceTick = 0;
	}

	/** `final`: exactly the session's screen, and `session.output` resumes after it. */
	private sendSnapshot(snapshot: string, final: boolean): void {
		this.connection.notify('session.snapshot', {session: this.session.id, snapshot, cols: this.session.cols, rows: this.session.rows, final});
	}
}
