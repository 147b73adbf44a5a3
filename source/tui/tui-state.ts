// What the TUI remembers between runs, in $XDG_STATE_HOME/claude-tui/tui.json: the session last shown on each socket
// (plain `claude-tui` opens it again, as tmux attach picks the most recent session) and which one-time hints were
// given. Losing the file loses nothing but these conveniences, so every error here is ignored.
import fs from 'node:fs';
import path from 'node:path';
import {stateDirectory} from '../paths.js';

type Saved = {lastSession?: Record<string, string>; hints?: Record<string, boolean>};

export class TuiState {
	private saved: Saved;
	private readonly file: string;

	constructor(env: NodeJS.ProcessEnv = process.env) {
		this.file = path.join(stateDirectory(env), 'tui.json');
		this.saved = read(this.file);
	}

	lastSession(socket: string): string | undefined {
		return this.saved.lastSession?.[socket];
	}

	setLastSession(socket: string, id: string): void {
		if (this.saved.lastSession?.[socket] !== id) {
			this.saved = {...this.saved, lastSession: {...this.saved.lastSession, [socket]: id}};
			this.write();
		}
	}

	/** True the first time only: the hint is to be shown now, and never again. */
	firstTime(hint: string): boolean {
		if (this.saved.hints?.[hint]) {
			return false;
		}

		this.saved = {...this.saved, hints: {...this.saved.hints, [hint]: true}};
		this.write();
		return true;
	}

	private write(): void {
		try {
			fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700});
			const temporary = `${this.file}.${process.pid}.tmp`;
			fs.writeFileSync(temporary, JSON.stringify(this.saved) + '\n', {mode: 0o600});
			fs.renameSync(temporary, this.file);
		} catch {
			// A read-only or full disk costs the convenience, never the TUI.
		}
	}
}

function read(file: string): Saved {
	try {
		const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Saved : {};
	} catch {
		return {};
	}
}
