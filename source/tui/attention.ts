// Sessions that want the user: a background session that starts waiting, finishes its work or exits gets a mark
// in the sidebar until it is looked at, and (as configured) a bell or a desktop notification on the outer
// terminal, as tmux's monitor-bell does for windows.
import type {SessionInfo} from '../protocol.js';

/** What happened to a background session. */
export type AttentionEvent = 'waiting' | 'idle' | 'exited';

/** How the outer terminal is told: its bell, or a desktop notification (OSC 9: iTerm2, WezTerm, Ghostty, kitty, Windows Terminal; OSC 777: VTE, foot, rxvt, Ghostty). */
export type NotifyMethod = 'bell' | 'osc9' | 'osc777';

export type NotifySettings = {
	/** Events that notify; every event marks the session in the sidebar either way. */
	on: readonly AttentionEvent[];
	with: readonly NotifyMethod[];
};

export const attentionEvents: readonly AttentionEvent[] = ['waiting', 'idle', 'exited'];
export const notifyMethods: readonly NotifyMethod[] = ['bell', 'osc9', 'osc777'];
export const defaultNotifySettings: NotifySettings = {on: ['waiting'], with: ['bell', 'osc9']};

/** `waiting,idle` → ['waiting', 'idle']; `none` (or an empty list) → []. Throws a readable error on anything else. */
export function parseList<T extends string>(spec: string | readonly string[], choices: readonly T[], what: string): T[] {
	const words = (typeof spec === 'string' ? spec.split(',') : spec).map(word => word.trim().toLowerCase()).filter(Boolean);
	if (words.length === 1 && words[0] === 'none') {
		return [];
	}

	const unknown = words.filter(word => !choices.includes(word as T));
	if (unknown.length > 0) {
		throw new Error(`Invalid ${what} "${unknown.join(',')}": use ${choices.join(', ')} (comma-separated), or none`);
	}

	return [...new Set(words as T[])];
}

/** The event a state change is, or undefined when it is none the user needs to hear of. */
export function attentionEvent(previous: SessionInfo | undefined, next: SessionInfo): AttentionEvent | undefined {
	// A session first seen (just created, or the list at connect time) has nothing new to say.
	if (!previous || previous.state === next.state) {
		return undefined;
	}

	if (next.state === 'waiting' || next.state === 'exited') {
		return next.state;
	}

	// Finished: idle after work. A session that starts up idle did nothing to announce.
	if (next.state === 'idle' && (previous.state === 'busy' || previous.state === 'waiting')) {
		return 'idle';
	}

	return undefined;
}

export class Attention {
	private readonly marks = new Map<string, AttentionEvent>();

	constructor(private readonly settings: NotifySettings = defaultNotifySettings) {}

	/** Sessions with a mark. */
	get marked(): ReadonlySet<string> {
		return new Set(this.marks.keys());
	}

	/**
	Takes a session's new info; returns what to write to the outer terminal (a bell, a notification, or '').
	`shownId` is the session on screen: the user sees that one change, so it is neither marked nor announced.
	*/
	update(previous: SessionInfo | undefined, next: SessionInfo, shownId: string | undefined): string {
		// A question answered elsewhere (another client, `claude-tui send`) no longer wants anyone.
		if (this.marks.get(next.id) === 'waiting' && next.state !== 'waiting') {
			this.marks.delete(next.id);
		}

		const event = attentionEvent(previous, next);
		if (!event || next.id === shownId) {
			return '';
		}

		this.marks.set(next.id, event);
		return this.settings.on.includes(event) ? notification(next, event, this.settings.with) : '';
	}

	/** The user looked at the session. */
	seen(id: string): void {
		this.marks.delete(id);
	}

	forget(id: string): void {
		this.marks.delete(id);
	}
}

/** The bytes that ring the bell and/or raise a desktop notification for `event` on the outer terminal. */
export function notification(info: SessionInfo, event: AttentionEvent, methods: readonly NotifyMethod[]): string {
	const text = plain(`${info.name} ${describeEvent(info, event)}`).slice(0, 200);
	let bytes = '';
	for (const method of methods) {
		if (method === 'bell') {
			bytes += '\u0007';
		} else if (method === 'osc9') {
			// Never starting with a digit: `OSC 9 ; 4 ; …` and friends are ConEmu commands, not notifications.
			bytes += `\u001B]9;claude-tui: ${text}\u0007`;
		} else {
			bytes += `\u001B]777;notify;claude-tui;${text}\u0007`;
		}
	}

	return bytes;
}

function describeEvent(info: SessionInfo, event: AttentionEvent): string {
	if (event === 'waiting') {
		const detail = info.stateReason?.detail;
		return detail ? `is waiting: ${detail}` : 'is waiting for you';
	}

	if (event === 'idle') {
		return 'is done';
	}

	return info.signal ? `was killed by ${info.signal}` : `exited with code ${info.exitCode ?? '?'}`;
}

/** Control characters would end the sequence early (BEL, ESC, ST) or garble the terminal: spaces instead. */
function plain(text: string): string {
	return text.replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, ' ');
}

/** The next session after `currentId` (in list order, wrapping around) that is waiting for the user. */
export function nextWaiting(sessions: readonly SessionInfo[], currentId: string | undefined): string | undefined {
	const start = sessions.findIndex(session => session.id === currentId);
	for (let step = 1; step <= sessions.length; step++) {
		const candidate = sessions[(start + step + sessions.length) % sessions.length];
		if (candidate?.state === 'waiting' && candidate.id !== currentId) {
			return candidate.id;
		}
	}

	return undefined;
}
