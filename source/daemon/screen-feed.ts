// What a client attached with `screen: true` (the TUI) is sent of one session: the rows of the screen that changed,
// the cursor and the input modes, never the raw output. The session's terminal is the only emulator; the client draws
// what it is sent. Updates coalesce: at once when the last went out more than a frame ago (typing echoes without
// delay), else one per frame interval, and none while the client has not taken the last one, so a flood or a slow
// client costs one diff per frame, never a queue of stale screens.
import {performance} from 'node:perf_hooks';
import type {ClipboardNotification, ScreenUpdate} from '../protocol.js';
import type {ClipboardWrite} from '../terminal/clipboard.js';
import {emptyUpdate, type ScreenState, screenUpdate} from '../terminal/screen.js';
import {afterThisTurn} from '../after-this-turn.js';
import type {FeedConnection, SessionFeed} from './feed.js';

/** At most one update per this many ms: 60 a second, as a terminal repaints. */
export const screenIntervalMs = 16;
/**
A program inside a synchronized update (DEC mode 2026) is drawing a frame: its half-drawn screen is not sent for up
to this long, as terminals hold their repaint (and give up waiting after a while, in case the program died mid-frame).
*/
const synchronizedHoldMs = 150;

export type ScreenSource = {
	readonly id: string;
	screen(): ScreenState;
};

export class ScreenFeed implements SessionFeed {
	private sent: ScreenState | undefined;
	private lastSentAt = Number.NEGATIVE_INFINITY;
	private heldSince: number | undefined;
	private bellPending = false;
	private waitingForDrain = false;
	private cancel: (() => void) | undefined;
	private disposed = false;

	constructor(
		private readonly source: ScreenSource,
		private readonly connection: FeedConnection,
	) {}

	/** The whole screen, for the attach reply; updates after it are differences from it. */
	first(): ScreenUpdate {
		const state = this.source.screen();
		this.sent = state;
		this.lastSentAt = performance.now();
		return screenUpdate(this.source.id, undefined, state);
	}

	/** The session's screen may have changed. */
	changed(): void {
		if (this.heldSince !== undefined) {
			// Waiting out a synchronized update: this change may be its end, so look again now.
			this.cancel?.();
			this.cancel = undefined;
		}

		this.request();
	}

	bell(): void {
		this.bellPending = true;
		this.request();
	}

	/** Passed on at once, as the program's terminal would have set the clipboard at once. */
	clipboard(write: ClipboardWrite): void {
		if (!this.disposed) {
			this.connection.notify('session.clipboard', {session: this.source.id, ...write} satisfies ClipboardNotification);
		}
	}

	/** The connection's socket drained. */
	drained(): void {
		if (this.waitingForDrain) {
			this.waitingForDrain = false;
			this.request();
		}
	}

	/** Raw output is not this feed's business: the screen it changes arrives through changed(). */
	output(): void {}

	dispose(): void {
		this.disposed = true;
		this.cancel?.();
		this.cancel = undefined;
	}

	private request(): void {
		if (this.disposed || this.cancel || this.waitingForDrain) {
			return;
		}

		const wait = this.lastSentAt + screenIntervalMs - performance.now();
		if (wait <= 0) {
			// Not at once but once the current turn's work is done: xterm calls back for every chunk of a parsed batch
			// in one turn, and the screen after the first is half of what is coming. A microtask, not setImmediate,
			// which would wait for a pass of the event loop: this is on the way from a keystroke to its echo.
			this.cancel = afterThisTurn(this.send);
		} else {
			const timer = setTimeout(this.send, wait);
			this.cancel = () => clearTimeout(timer);
		}
	}

	private readonly send = (): void => {
		this.cancel = undefined;
		if (this.disposed || this.connection.closed) {
			return;
		}

		if (this.connection.awaitingDrain) {
			// The client has not taken what it was sent: a screen now would queue behind it, stale. The drain brings
			// the one that is current then.
			this.waitingForDrain = true;
			return;
		}

		const state = this.source.screen();
		const now = performance.now();
		if (state.synchronized && now - (this.heldSince ??= now) < synchronizedHoldMs) {
			// Asked again when the program ends its update (the screen changes), or after the hold.
			const timer = setTimeout(this.send, synchronizedHoldMs - (now - this.heldSince));
			this.cancel = () => clearTimeout(timer);
			return;
		}

		this.heldSince = undefined;
		const update = screenUpdate(this.source.id, this.sent, state);
		if (this.bellPending) {
			update.bell = true;
			this.bellPending = false;
		}

		if (emptyUpdate(update, this.sent)) {
			return;
		}

		this.sent = state;
		this.lastSentAt = now;
		this.connection.notify('session.screen', update);
	};
}
