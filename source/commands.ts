// The scripting subcommands: each a small function over a daemon client, printing what a person or a script reads.
import process from 'node:process';
import type {RpcClient} from './client.js';
import {displayWidth, escapeControls, padToWidth} from './display-text.js';
import type {DaemonStatus, SessionInfo} from './protocol.js';

export type Output = {
	out: (text: string) => void;
};

export class UsageError extends Error {}

/** A subcommand as the command line shows and checks it: cli.tsx's own table and those spread into it. */
export type CommandSpec<Flag extends string> = {
	usage: string;
	description: string;
	flags: Flag[];
	flagHelp?: string[];
	// Positional arguments: [minimum, maximum] (Infinity for "any number").
	arity: [number, number];
};

export async function listSessions(client: RpcClient, {json}: {json: boolean}, {out}: Output): Promise<void> {
	const {sessions} = await client.request('session.list');
	if (json) {
		out(JSON.stringify(sessions, undefined, 2));
		return;
	}

	if (sessions.length === 0) {
		out('No sessions. Start one with `claude-tui new` or `claude-tui`.');
		return;
	}

	out(formatTable(sessionColumns, sessions.map(session => sessionRow(session))));
}

export const sessionColumns = ['NAME', 'ID', 'STATE', 'SIZE', 'CLIENTS', 'CWD', 'COMMAND'];

/** A session's cells under `sessionColumns`, control characters shown escaped (a name, a cwd are anyone's text). */
export function sessionRow(session: SessionInfo, {name = session.name, id = session.id}: {name?: string; id?: string} = {}): string[] {
	return [
		escapeControls(name),
		id,
		describeState(session),
		`${session.cols}x${session.rows}`,
		String(session.clients),
		// Where the program works now (a shell that cd'd), else where it started.
		escapeControls(shortPath(session.currentCwd ?? session.cwd)),
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

export function shortPath(directory: string): string {
	const home = process.env['HOME'];
	return home && (directory === home || directory.startsWith(home + '/')) ? '~' + directory.slice(home.length) : directory;
}

/** Columns lined up by display width (a wide character takes two); cells are printed as given: escape them first. */
export function formatTable(header: string[], rows: string[][]): string {
	const widths = header.map((title, column) => Math.max(displayWidth(title), ...rows.map(row => displayWidth(row[column] ?? ''))));
	const format = (row: string[]) => row.map((cell, column) => (column === row.length - 1 ? cell : padToWidth(cell, widths[column] ?? 0))).join('  ');
	return [format(header), ...rows.map(row => format(row))].join('\n');
}

export async function newSession(
	client: RpcClient,
	// No directory: the daemon's choice (its user's home), as for a session on another machine.
	options: {name?: string | undefined; cwd: string | undefined; command: string[]},
	{out}: Output,
): Promise<void> {
	const [command, ...args] = options.command;
	const session = await client.request('session.create', {
		name: options.name,
		cwd: options.cwd,
		command,
		args: command === undefined ? undefined : args,
	});
	out(session.name);
}

export async function sendText(
	client: RpcClient,
	options: {session: string; text: string[]; enter: boolean},
	_output: Output,
): Promise<void> {
	if (options.text.length === 0 && !options.enter) {
		throw new UsageError('Nothing to send: give some text, --enter, or both');
	}

	const data = options.text.join(' ') + (options.enter ? '\r' : '');
	await client.request('session.input', {session: options.session, data});
}

export async function capture(
	client: RpcClient,
	options: {session: string; ansi: boolean; scrollback: number},
	{out}: Output,
): Promise<void> {
	const {text} = await client.request('session.capture', {
		session: options.session,
		format: options.ansi ? 'ansi' : 'text',
		scrollback: options.scrollback,
	});
	// Each line of an ANSI capture ends in the default style already: nothing to reset after it.
	out(text);
}

export async function killSession(client: RpcClient, options: {session: string; signal: string}, _output: Output): Promise<void> {
	await client.request('session.kill', {session: options.session, signal: options.signal});
}

export async function removeSession(client: RpcClient, options: {session: string}, _output: Output): Promise<void> {
	await client.request('session.remove', {session: options.session});
}

export async function renameSession(client: RpcClient, options: {session: string; name: string}, {out}: Output): Promise<void> {
	const session = await client.request('session.rename', options);
	out(session.name);
}

export function formatStatus(status: DaemonStatus): string {
	return [
		`claude-tui daemon ${status.version}`,
		`socket:   ${status.socket}`,
		`pid:      ${status.pid}`,
		`uptime:   ${formatDuration(status.uptime)}`,
		`sessions: ${status.sessions} (${status.running} running)`,
		`clients:  ${status.clients}`,
		...(status.recordProblems ?? []).map(problem => `skipped:  ${problem.file}: ${problem.message}`),
	].join('\n');
}

function formatDuration(seconds: number): string {
	const whole = Math.floor(seconds);
	const hours = Math.floor(whole / 3600);
	const minutes = Math.floor((whole % 3600) / 60);
	const rest = whole % 60;
	return hours > 0 ? `${hours}h ${minutes}m ${rest}s` : minutes > 0 ? `${minutes}m ${rest}s` : `${rest}s`;
}
