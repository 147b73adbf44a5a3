// The daemon's events, applied to the TUI: screens to the attachment (a bell in a session not shown rings), session
// changes to the store and the notifier, a removed session's place taken by the next, the shown program's clipboard
// writes passed to the user's terminal, the daemon's shutdown said.
import type {NotificationArgs, SessionInfo} from '../protocol.js';
import type {Attachment} from './attachment.js';
import type {Notifier} from './notifier.js';
import {shownChanged, type SessionStore} from './session-store.js';

export type SessionEventTargets = {
	store: SessionStore;
	attachment: Attachment;
	notifier: Notifier;
	flash: (message: string, durationMs?: number) => void;
	chromeChanged: () => void;
	/** A program's OSC 52 copy, for the user's terminal; only the shown session's reach it, and only if allowed. */
	clipboard: (selection: string, data: string) => void;
};

export class SessionEvents {
	constructor(private readonly targets: SessionEventTargets) {}

	handle(...[method, params]: NotificationArgs): void {
		const {attachment, notifier} = this.targets;
		switch (method) {
			case 'session.screen': {
				if (attachment.screen(params)) {
					notifier.ring(params.session, params.session);
				}

				break;
			}

			case 'session.clipboard': {
				if (attachment.pane?.sessionId === params.session) {
					this.targets.clipboard(params.selection, params.data);
				}

				break;
			}

			case 'session.added':
			case 'session.updated':
			case 'session.exited': {
				this.upsert(params.session);
				break;
			}

			case 'session.removed': {
				this.removed(params.session.id);
				break;
			}

			case 'daemon.shutdown': {
				this.targets.flash('The daemon is shutting down.', 0);
				break;
			}

			default:
		}
	}

	/** A session as the daemon now says it is (from an event, or the answer to a request). */
	upsert(info: SessionInfo): void {
		const {store, notifier, attachment} = this.targets;
		const previous = store.upsert(info);
		if (info.recordingError && !previous?.recordingError) {
			this.targets.flash(`${info.name}: recording stopped: ${info.recordingError}`, 8000);
		}

		notifier.changed(previous, info, store.selectedId, attachment.pane?.sessionId);

		// Rendering the chrome costs time; a change it does not show (the client count on every attach and detach,
		// a size) must not cost a frame, above all in the middle of a switch.
		if (previous === undefined || shownChanged(previous, info)) {
			this.targets.chromeChanged();
		}
	}

	private removed(id: string): void {
		const {store, notifier, attachment} = this.targets;
		const wasSelected = store.selectedId === id;
		if (!store.remove(id)) {
			return;
		}

		notifier.forget(id);
		if (wasSelected) {
			attachment.clear();
			const next = store.selectedId;
			if (next) {
				void attachment.attach(next);
			}
		}

		this.targets.chromeChanged();
	}
}
