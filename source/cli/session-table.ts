// Sessions as `ls` prints them (and explain and wait name their states): one row each, columns lined up by the
// cells a terminal draws, control characters shown escaped (a name, a directory, a command are anyone's text).
import {displayWidth, escapeControls, padToWidth} from '../display-text.js';
import {shortenHome} from '../format.js';
import type {SessionInfo} from '../protocol.js';

export const sessionColumns = ['NAME', 'ID', 'STATE', 'SIZE', 'CLIENTS', 'CWD', 'COMMAND'];

/** A session's cells under `sessionColumns`. */
export function sessionRow(session: SessionInfo, {name = session.name, id = session.id}: {name?: string; id?: string} = {}): string[] {
	return [
		escapeControls(name),
		id,
		describeState(session),
		`${session.cols}x${session.rows}`,
		String(session.clients),
		// Where the program works now (a shell that cd'd), else where it started.
		escapeControls(shortenHome(session.currentCwd ?? session.cwd)),
		escapeControls([session.command, ...session.args].join(' ')),
	];
}

/** The STATE column: busy, waiting, idle or starting while it runs (see state/), restorable, exited (code). */
export function describeState(session: Pick<SessionInfo, 'state' | 'status' | 'exitCode' | 'signal' | 'recordingError'>): string {
	// A session whose output no longer reaches the disk says so wherever it is listed.
	const recording = session.recordingError ? ', not recording' : '';
	if (session.status === 'restorable') {
		return session.status + recording;
	}

	if (session.status === 'running') {
		// A daemon older than state detection sends no state.
		return (session.state ?? 'running') + recording;
	}

	return (session.signal ? `exited (${session.signal})` : `exited (${session.exitCode ?? '?'})`) + recording;
}

/** Columns lined up by display width (a wide character takes two); cells are printed as given: escape them first. */
export function formatTable(header: string[], rows: string[][]): string {
	const widths = header.map((title, column) => Math.max(displayWidth(title), ...rows.map(row => displayWidth(row[column] ?? ''))));
	const format = (row: string[]) => row.map((cell, column) => (column === row.length - 1 ? cell : padToWidth(cell, widths[column] ?? 0))).join('  ');
	return [format(header), ...rows.map(row => format(row))].join('\n');
}
