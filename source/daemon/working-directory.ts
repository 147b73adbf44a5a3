// Where a session's program works now, which a shell changes with cd (Linux: /proc/PID/cwd, as tmux's
// pane_current_path), read at most once a second (SessionInfo asks often) and kept after the program has gone.
import fs from 'node:fs';

/** The directory process `pid` works in now; undefined without a pid or where /proc does not say. */
export function workingDirectoryOf(pid: number | undefined): string | undefined {
	if (pid === undefined) {
		return undefined;
	}

	try {
		return fs.readlinkSync(`/proc/${pid}/cwd`);
	} catch {
		return undefined;
	}
}

export class WorkingDirectory {
	private known: {path: string | undefined; readAt: number};

	/** `lastKnown`: where the program last worked, when known from before (a record's lastCwd). */
	constructor(lastKnown: string | undefined) {
		this.known = {path: lastKnown, readAt: Number.NEGATIVE_INFINITY};
	}

	/** Where the running program `pid` works, at most a second old; without a pid (none runs), the last one read. */
	recent(pid: number | undefined): string | undefined {
		const now = Date.now();
		if (pid !== undefined && now - this.known.readAt > 1000) {
			this.known = {path: workingDirectoryOf(pid) ?? this.known.path, readAt: now};
		}

		return this.known.path;
	}
}
