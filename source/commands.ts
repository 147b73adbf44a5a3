// The scripting subcommands: each a small function over a daemon client, printing what a person or a script reads.
import process from 'node:process';
import type {DaemonClient} from './client.js';
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

export async function listSessions(client: DaemonClient, {json}: {json: boolean}, {out}: Output): Promise<void> {
	const {sessions} = await client.request<{sessions: SessionInfo[]}>('session.list');
	if (json) {
		out(JSON.stringify(sessions, undefined, 2));
		return;
	}

	if (sessions.length === 0) {
		out('No sessions. Start one with `claude-tui new` or `claude-tui`.');
		return;
	}

	const rows = sessions.map(session => [
		session.name,
		session.id,
		describeState(session),
		`${session.cols}x${session.rows}`,
		String(session.clients),
		shortPath(session.currentCwd ?? session.cwd),
		[session.command, ...session.args].join(' '),
	]);
	out(formatTable(['NAME', 'ID', 'STATE', 'SIZE', 'CLIENTS', 'CWD', 'COMMAND'], rows));
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

export function formatTable(header: string[], rows: string[][]): string {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => row[column]?.length ?? 0)));
	const format = (row: string[]) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ');
	return [format(header), ...rows.map(row => format(row))].join('\n');
}

export async function newSession(
	client: DaemonClient,
	options: {name?: string | undefined; cwd: string; command: string[]},
	{out}: Output,
): Promise<void> {
	const [command, ...args] = options.command;
	const session = await client.request<SessionInfo>('session.create', {
		name: options.name,
		cwd: options.cwd,
		command,
		args: command === undefined ? undefined : args,
	});
	out(session.name);
}

export async function sendText(
	client: DaemonClient,
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
	client: DaemonClient,
	options: {session: string; ansi: boolean; scrollback: number},
	{out}: Output,
): Promise<void> {
	const {text} = await client.request<{text: string}>('session.capture', {
		session: options.session,
		format: options.ansi ? 'ansi' : 'text',
		scrollback: options.scrollback,
	});
	out(options.ansi ? text + '\u001B[0m' : text);
}

export async function killSession(client: DaemonClient, options: {session: string; signal: string}, _output: Output): Promise<void> {
	await client.request('session.kill', {session: options.session, signal: options.signal});
}

export async function removeSession(client: DaemonClient, options: {session: string}, _output: Output): Promise<void> {
	await client.request('session.remove', {session: options.session});
}

export async function renameSession(client: DaemonClient, options: {session: string; name: string}, {out}: Output): Promise<void> {
	const session = await client.request<SessionInfo>('session.rename', options);
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
