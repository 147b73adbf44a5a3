// Everything that tells the user a session wants them, in one place: the shown session's bell passed on to the
// terminal (once, however many ways it was heard), and the marks and notifications of background sessions that
// rang, started waiting, finished or exited (attention.ts decides which events and how they are told).
import type {SessionInfo} from '../protocol.js';
import {Attention, type NotifySettings} from './attention.js';

// A screen update's bell and the daemon's flag may both tell of one bell: one is passed on per this long.
const bellEveryMs = 250;

export class Notifier {
	private readonly attention: Attention;
	// Bells already passed on while their session was shown: not "attention" once we switch away.
	private readonly heard = new Set<string>();
	private lastBellAt = Number.NEGATIVE_INFINITY;

	constructor(
		settings: NotifySettings | undefined,
		/** Writes to the user's terminal. */
		private readonly write: (bytes: string) => void,
	) {
		this.attention = new Attention(settings);
	}

	/**
	A session's new info. `selectedId`: the session the user looks at (its changes are seen, not announced); `shownId`:
	the one whose screen is shown (its bell flag rings the terminal).
	*/
	changed(previous: SessionInfo | undefined, info: SessionInfo, selectedId: string | undefined, shownId: string | undefined): void {
		const alert = this.attention.update(previous, info, selectedId);
		if (alert !== '') {
			this.write(alert);
		}

		if (info.id === shownId && info.bell) {
			this.heard.add(info.id);
			if (previous?.bell === false) {
				this.ring(info.id, shownId);
			}
		}

		if (!info.bell) {
			this.heard.delete(info.id);
		}
	}

	/** The shown session's program rang the bell: the terminal's rings too. */
	ring(id: string, shownId: string | undefined): void {
		if (id === shownId && performance.now() - this.lastBellAt > bellEveryMs) {
			this.lastBellAt = performance.now();
			this.write('\u0007');
		}
	}

	/** The user looked at the session. */
	seen(id: string): void {
		this.attention.seen(id);
	}

	forget(id: string): void {
		this.attention.forget(id);
		this.heard.delete(id);
	}

	/** The sessions the sidebar marks: background ones that rang unheard, or wanted the user since they last looked. */
	marked(sessions: readonly SessionInfo[], shownId: string | undefined): Set<string> {
		const marked = new Set(sessions.filter(session => session.bell && !this.heard.has(session.id) && session.id !== shownId).map(session => session.id));
		for (const id of this.attention.marked) {
			marked.add(id);
		}

		return marked;
	}
}
