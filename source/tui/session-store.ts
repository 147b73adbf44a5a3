// The TUI's list of sessions, as the daemon's events keep it, and which one is selected: the one owner of both.
import type {SessionInfo} from '../protocol.js';
import type {StateCounts} from './chrome/status-bar.js';
import {orderByHost} from './hosts.js';

export class SessionStore {
	private list: SessionInfo[] = [];
	private selected: string | undefined;
	// The session selected before the current one (prefix L goes back to it).
	private last: string | undefined;

	/** `hostOrder`: the configured hosts, whose sessions are listed after this machine's, grouped, in this order. */
	constructor(private readonly hostOrder: () => readonly string[] = () => []) {}

	get sessions(): readonly SessionInfo[] {
		return this.list;
	}

	get size(): number {
		return this.list.length;
	}

	get selectedId(): string | undefined {
		return this.selected;
	}

	get lastId(): string | undefined {
		return this.last !== undefined && this.has(this.last) ? this.last : undefined;
	}

	get selectedInfo(): SessionInfo | undefined {
		return this.get(this.selected);
	}

	get(id: string | undefined): SessionInfo | undefined {
		return id === undefined ? undefined : this.list.find(session => session.id === id);
	}

	has(id: string): boolean {
		return this.list.some(session => session.id === id);
	}

	/** The id of the session at `index` in list order (prefix 1-9). */
	at(index: number): string | undefined {
		return this.list[index]?.id;
	}

	/** The whole list, as `events.subscribe` answers it. */
	replace(sessions: SessionInfo[]): void {
		this.list = orderByHost(sessions, this.hostOrder());
	}

	/** A session's new info (added or changed); returns what it was before, if it was known. */
	upsert(info: SessionInfo): SessionInfo | undefined {
		const index = this.list.findIndex(session => session.id === info.id);
		const previous = this.list[index];
		if (index === -1) {
			this.list = orderByHost([...this.list, info], this.hostOrder());
		} else {
			this.list[index] = info;
		}

		return previous;
	}

	/**
	A session gone from the daemon. Returns whether it was known; when it was the selected one, the selection moves to
	the session that took its place in the list (or the one before it, or none).
	*/
	remove(id: string): boolean {
		const index = this.list.findIndex(session => session.id === id);
		if (index === -1) {
			return false;
		}

		this.list.splice(index, 1);
		if (this.selected === id) {
			this.selected = this.list[Math.min(index, this.list.length - 1)]?.id;
		}

		return true;
	}

	/** Selects `id`; returns whether the selection changed. */
	select(id: string | undefined): boolean {
		if (id === undefined || id === this.selected) {
			return false;
		}

		this.last = this.selected;
		this.selected = id;
		return true;
	}

	/** The session `step` away from the selected one in list order, going round at the ends. */
	relative(step: number): string | undefined {
		if (this.list.length === 0) {
			return undefined;
		}

		const index = this.list.findIndex(session => session.id === this.selected);
		return this.list[(index + step + this.list.length) % this.list.length]?.id;
	}

	counts(): StateCounts {
		const counts = {waiting: 0, busy: 0, idle: 0};
		for (const {state} of this.list) {
			if (state === 'waiting' || state === 'busy' || state === 'idle') {
				counts[state]++;
			}
		}

		return counts;
	}
}

/** What the sidebar, status bar, pane messages and window title show of a session (not its client count or size). */
export function shownFields(info: SessionInfo): unknown[] {
	return [info.id, info.name, info.status, info.state, info.exitCode, info.signal, info.cwd, info.currentCwd, info.title, info.bell, info.recordingError, info.restoredAt];
}

/** Whether the chrome would show `next` differently from `previous`. */
export function shownChanged(previous: SessionInfo, next: SessionInfo): boolean {
	const before = shownFields(previous);
	return shownFields(next).some((value, index) => value !== before[index]);
}
