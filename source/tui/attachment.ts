// The shown session's screen and the attach that brings it: the one owner of the pane, of the attach on its way, and
// of the screen updates and keys that arrive meanwhile (they follow the attach's screen; how to encode the keys is
// the newly shown program's choice, so they wait for it).
import type {RpcClient} from '../client.js';
import type {ScreenAttachResult, ScreenUpdate, SessionInfo} from '../protocol.js';
import {PaneScreen} from './pane.js';

export type AttachmentOptions = {
	client: () => RpcClient;
	/** The pane's size now, which the session is attached at. */
	size: () => {cols: number; rows: number};
	selectedId: () => string | undefined;
	readOnly: boolean;
	/** The attach's answer is in and its screen shown; `typed` is what was typed at it meanwhile, in order. */
	attached: (session: SessionInfo, typed: string[]) => void;
	failed: (message: string) => void;
	/** Something to draw. */
	changed: () => void;
};

type Pending = {id: string; buffered: ScreenUpdate[]; typed: string[]};

export class Attachment {
	private shown: PaneScreen | undefined;
	private pending: Pending | undefined;

	constructor(private readonly options: AttachmentOptions) {}

	get pane(): PaneScreen | undefined {
		return this.shown;
	}

	/** The session an attach is on its way to. */
	get attachingId(): string | undefined {
		return this.pending?.id;
	}

	async attach(id: string): Promise<void> {
		const token: Pending = {id, buffered: [], typed: []};
		this.pending = token;
		const client = this.options.client();
		const {cols, rows} = this.options.size();
		let result: ScreenAttachResult;
		try {
			// Rendered rows, not the raw stream: the daemon's terminal is the only emulator.
			result = await client.request('session.attach', {session: id, cols, rows, screen: true, readOnly: this.options.readOnly});
		} catch (error) {
			if (this.pending === token) {
				this.pending = undefined;
				this.options.failed(`Could not attach: ${(error as Error).message}`);
				// Not the screen of the session before under this one's name (a host that is away, say).
				if (this.shown && this.shown.sessionId !== id && this.options.selectedId() === id) {
					client.notify('session.detach', {session: this.shown.sessionId});
					this.shown = undefined;
					this.options.changed();
				}
			}

			return;
		}

		if (this.pending !== token) {
			// A later switch superseded this one.
			if (this.shown?.sessionId !== id) {
				client.notify('session.detach', {session: id});
			}

			return;
		}

		this.pending = undefined;
		const previous = this.shown;
		const pane = new PaneScreen(id, result.screen);
		for (const update of token.buffered) {
			pane.apply(update);
		}

		this.shown = pane;
		if (previous && previous.sessionId !== id) {
			client.notify('session.detach', {session: previous.sessionId});
		}

		this.options.attached(result.session, token.typed);
	}

	/** A `session.screen` update; says whether it rang the bell on the shown pane. */
	screen(update: ScreenUpdate): boolean {
		if (this.pending?.id === update.session) {
			this.pending.buffered.push(update);
			return false;
		}

		if (this.shown?.sessionId !== update.session) {
			return false;
		}

		const bell = this.shown.apply(update);
		this.options.changed();
		return bell;
	}

	/** Keys for a session whose attach is on its way wait for it; says whether they do. */
	holdTyped(id: string, input: string): boolean {
		if (this.pending?.id !== id) {
			return false;
		}

		this.pending.typed.push(input);
		return true;
	}

	/** The connection went: no attach is on its way any more. */
	abandon(): void {
		this.pending = undefined;
	}

	/** Nothing shown (the session went, or a new connection starts over). */
	clear(): void {
		this.shown = undefined;
	}
}
