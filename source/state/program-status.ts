// A program's own word on what it is doing: the program status protocol (OSC 7501), read from its output, and the
// last report held for the detector while the process that sent it is in the foreground.

export type ProgramState = 'idle' | 'working' | 'blocked' | 'done' | 'error' | 'clear';

/**
A program's report of what it is doing, in the program status protocol (OSC 7501): `ESC ] 7501 ; state=<state>
[:app=<name>][:kind=<why blocked>][:msg=<base64>] ST`. Codex 0.169 sends it unasked: `working` from the Enter that
sends a turn, `blocked` (kind `permission`, `question`) as it asks, `done` at the turn's end, `idle` again once
the user types, and at an interrupt; Claude Code 2.1.332 the same (with what it asks in `msg`) once the terminal has
echoed its query `OSC 7501 ; ?` (terminal/replies.ts does).
*/
export type ProgramStatus = {
	state: ProgramState;
	app?: string;
	/** Why it is blocked: permission, question, auth. */
	kind?: string;
	/** What it says, decoded; controls and surrounding white space removed, at most 200 characters. */
	message?: string;
};

const programStates = new Set<string>(['idle', 'working', 'blocked', 'done', 'error', 'clear']);

/** Reads an OSC 7501 payload; undefined for a query (`?`) or anything that is not a status it knows. */
export function parseProgramStatus(data: string): ProgramStatus | undefined {
	const fields = new Map<string, string>();
	for (const pair of data.split(':')) {
		const equals = pair.indexOf('=');
		if (equals > 0) {
			fields.set(pair.slice(0, equals), pair.slice(equals + 1));
		}
	}

	const state = fields.get('state');
	if (state === undefined || !programStates.has(state)) {
		return undefined;
	}

	const status: ProgramStatus = {state: state as ProgramState};
	const app = fields.get('app');
	if (app && /^[\w.+-]{1,32}$/.test(app)) {
		status.app = app;
	}

	const kind = fields.get('kind');
	if (state === 'blocked' && kind && /^[a-z]{1,32}$/.test(kind)) {
		status.kind = kind;
	}

	const message = decodeMessage(fields.get('msg'));
	if (message) {
		status.message = message;
	}

	return status;
}

function decodeMessage(encoded: string | undefined): string | undefined {
	if (!encoded || !/^[A-Za-z\d+/]+={0,2}$/.test(encoded)) {
		return undefined;
	}

	return Buffer.from(encoded, 'base64').toString('utf8').replaceAll(/[\u0000-\u001F\u007F-\u009F]+/g, ' ').trim().slice(0, 200) || undefined;
}

/** What a status report says of the program, once read: `clear` is no report. */
export type ReportedStatus = Exclude<ProgramState, 'clear'>;

/** The last status report of a session's program, and whether it still speaks for the session. */
export class ProgramStatusReport {
	/** The foreground process group that sent it: `pending` until the next look at the screen reads it. */
	private report: {state: ReportedStatus; detail?: string; group: number | 'pending'} | undefined;

	get state(): ReportedStatus | undefined {
		return this.report?.state;
	}

	/** What it says, as an explanation's detail: a question by what it asks (`approve Bash: npm test`), as a dialog's is. */
	get detail(): string | undefined {
		if (!this.report) {
			return undefined;
		}

		const {state, detail} = this.report;
		return state === 'blocked' ? detail ?? state : [state, detail].filter(Boolean).join(': ');
	}

	/** Takes a report; false when it says nothing new (a program may repeat itself, or flood). */
	take(status: ProgramStatus): boolean {
		const detail = status.message ?? status.kind;
		if (status.state === (this.report?.state ?? 'clear') && detail === this.report?.detail) {
			return false;
		}

		this.report = status.state === 'clear' ? undefined : {state: status.state, detail, group: 'pending'};
		return true;
	}

	/**
	At a look at the screen (at most ten a second, however many reports come): notes which process group sent the
	report, and lets go of one whose sender has left the foreground (a shell's prompt after the program ended without
	clearing it). `foreground` reads the group now; without process information (undefined), a report holds.
	*/
	checkSender(foreground: () => number | undefined): void {
		const group = this.report && foreground();
		if (!this.report || group === undefined) {
			return;
		}

		if (this.report.group === 'pending') {
			this.report.group = group;
		} else if (this.report.group !== group) {
			this.report = undefined;
		}
	}
}
