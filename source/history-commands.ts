// The history subcommands: restore (through the daemon), and replay, history and grep, which read the recordings
// in the state directory themselves, so they work whether or not a daemon runs.
import process from 'node:process';
import type {AnyFlags} from 'meow';
import {DaemonClient} from './client.js';
import {type CommandSpec, UsageError, type Output} from './commands.js';
import {connectOrStart} from './daemon/lifecycle.js';
import {recordingFiles, type RecordingProblem} from './history/asciicast.js';
import {grepHistory} from './history/grep.js';
import {listRecords, recordingFile, type SessionRecord} from './history/records.js';
import {historyLines} from './history/render.js';
import {replay} from './history/replay.js';
import {stateDirectory} from './paths.js';
import type {SessionInfo} from './protocol.js';
import {inputModesOff} from './terminal-modes.js';

export const historyFlags = {
	speed: {type: 'number'},
	idleLimit: {type: 'number'},
	ignoreCase: {type: 'boolean', default: false, shortFlag: 'i'},
	fixedStrings: {type: 'boolean', default: false, shortFlag: 'F'},
} satisfies AnyFlags;

type FlagName = 'socket' | 'json' | keyof typeof historyFlags;

export const historyCommands: Record<string, CommandSpec<FlagName>> = {
	restore: {
		usage: 'claude-tui restore SESSION',
		description: 'Restore a session. A restorable (or exited) session runs its command again in the same directory, under the same name, its old screen kept above; Claude Code resumes its conversation.',
		flags: ['socket'],
		arity: [1, 1],
	},
	replay: {
		usage: 'claude-tui replay SESSION [--speed N] [--idle-limit S]',
		description: 'Replay a session\'s recording in this terminal, as it happened. q or Ctrl+C stops.',
		flags: ['socket', 'speed', 'idleLimit'],
		flagHelp: ['--speed N           Play N times as fast (default 1)', '--idle-limit S      Shorten every pause to at most S seconds'],
		arity: [1, 1],
	},
	history: {
		usage: 'claude-tui history SESSION',
		description: 'Print a session\'s output history. All of it, as plain text, as it looked on its screen.',
		flags: ['socket'],
		arity: [1, 1],
	},
	grep: {
		usage: 'claude-tui grep PATTERN [SESSION…] [--ignore-case] [--fixed-strings] [--json]',
		description: 'Search output history. Every session\'s (or the named ones\'), for a JavaScript regular expression; prints each matching line with its session and time. Exits 1 when nothing matches.',
		flags: ['socket', 'ignoreCase', 'fixedStrings', 'json'],
		flagHelp: [
			'--ignore-case, -i   Ignore case',
			'--fixed-strings, -F PATTERN is plain text, not a regular expression',
			'--json              One JSON object per match: {session, id, time, line, text}',
		],
		arity: [1, Number.POSITIVE_INFINITY],
	},
};

export function isHistoryCommand(name: string): boolean {
	return Object.hasOwn(historyCommands, name);
}

export type HistoryCommandContext = {
	socket: string;
	inputs: string[];
	flags: Record<string, unknown>;
	output: Output;
	stdout?: NodeJS.WriteStream;
	stdin?: NodeJS.ReadStream;
	stateDir?: string;
};

export async function runHistoryCommand(name: string, context: HistoryCommandContext): Promise<void> {
	switch (name) {
		case 'restore': {
			await restore(context);
			break;
		}

		case 'replay': {
			await replayCommand(context);
			break;
		}

		case 'history': {
			await historyCommand(context);
			break;
		}

		case 'grep': {
			await grepCommand(context);
			break;
		}

		default: {
			throw new UsageError(`Unknown command "${name}"`);
		}
	}
}

async function restore({socket, inputs, output}: HistoryCommandContext): Promise<void> {
	const client = await connectOrStart(socket);
	try {
		const session = await client.request('session.restore', {session: inputs[0] ?? ''});
		output.out(session.name);
	} finally {
		client.close();
	}
}

type KnownSession = {id: string; name: string; files: string[]};

/**
Finds a session's recording from its name, id or id prefix. The records on disk answer without a daemon; a name
they do not know (a record not written yet) is asked of the daemon, if one runs. Where two daemons' sessions
share a name, the one of this socket wins.
*/
export async function findSession(reference: string, socket: string, stateDir = stateDirectory()): Promise<KnownSession> {
	const {records} = await listRecords(stateDir);
	const byId = records.find(record => record.id === reference);
	const byName = records.filter(record => record.name === reference);
	const ours = byName.filter(record => record.socket === undefined || record.socket === socket);
	const byPrefix = reference === '' ? [] : records.filter(record => record.id.startsWith(reference));
	let record: SessionRecord | undefined = byId ?? (ours.length === 1 ? ours[0] : byName.length === 1 ? byName[0] : undefined);
	if (!record && byName.length > 1) {
		throw new UsageError(`Several sessions are named "${reference}" (${byName.map(r => r.id).join(', ')}); give an id`);
	}

	if (!record && byPrefix.length > 1) {
		throw new UsageError(`Session id prefix "${reference}" matches ${byPrefix.length} sessions`);
	}

	record ??= byPrefix[0];
	let id = record?.id;
	let name = record?.name ?? reference;
	if (!id) {
		const info = await askDaemon(socket, reference);
		id = info?.id;
		name = info?.name ?? name;
	}

	if (!id) {
		throw new UsageError(`No session named "${reference}" (looked in ${stateDir}/sessions)`);
	}

	const files = await recordingFiles(recordingFile(stateDir, id));
	if (files.length === 0) {
		throw new UsageError(`Session "${name}" has no recording (recording is off, or nothing was recorded yet)`);
	}

	return {id, name, files};
}

async function askDaemon(socket: string, reference: string): Promise<SessionInfo | undefined> {
	let client: DaemonClient;
	try {
		client = await DaemonClient.connect(socket);
	} catch {
		return undefined;
	}

	try {
		return await client.request('session.get', {session: reference});
	} catch {
		return undefined;
	} finally {
		client.destroy();
	}
}

function warn(problem: RecordingProblem): void {
	process.stderr.write(`claude-tui: ${problem.file}: ${problem.message}\n`);
}

// What a recording may have left on in the user's terminal: the input modes, a hidden cursor, colours.
const modeReset = inputModesOff + '\u001B[?25h\u001B[0m';

async function replayCommand({socket, inputs, flags, stdout = process.stdout, stdin = process.stdin, stateDir}: HistoryCommandContext): Promise<void> {
	const speed = flags['speed'] as number | undefined;
	const idleLimit = flags['idleLimit'] as number | undefined;
	if (speed !== undefined && !(speed > 0 && Number.isFinite(speed))) {
		throw new UsageError('--speed takes a number above 0, e.g. --speed 2');
	}

	if (idleLimit !== undefined && !(idleLimit > 0 && Number.isFinite(idleLimit))) {
		throw new UsageError('--idle-limit takes a number of seconds above 0, e.g. --idle-limit 2');
	}

	const session = await findSession(inputs[0]!, socket, stateDir);
	const controller = new AbortController();
	const stop = () => {
		controller.abort();
	};

	// q or Ctrl+C stops, without the keys echoing into the picture.
	const interactive = stdin.isTTY === true;
	const onKey = (data: Buffer) => {
		if (data.includes(3) || data.includes(0x71) || data.includes(0x1B)) {
			stop();
		}
	};

	if (interactive) {
		stdin.setRawMode(true);
		stdin.on('data', onKey);
		stdin.resume();
	}

	process.once('SIGINT', stop);
	let alternate = false;
	try {
		await replay(session.files, {
			speed,
			idleLimit,
			signal: controller.signal,
			write(data) {
				alternate = alternateScreenAfter(data, alternate);
				stdout.write(data);
			},
			onProblem: warn,
		});
	} finally {
		process.off('SIGINT', stop);
		if (interactive) {
			stdin.off('data', onKey);
			stdin.setRawMode(false);
			stdin.pause();
		}

		if (stdout.isTTY) {
			stdout.write((alternate ? '\u001B[?1049l' : '') + modeReset + '\r\n');
		}
	}
}

/** Whether the terminal is in the alternate screen after `data`, given whether it was before. */
function alternateScreenAfter(data: string, before: boolean): boolean {
	let state = before;
	for (const match of data.matchAll(/\u001B\[\?(?:1049|1047|47)([hl])/g)) {
		state = match[1] === 'h';
	}

	return state;
}

async function historyCommand({socket, inputs, stdout = process.stdout, stateDir}: HistoryCommandContext): Promise<void> {
	const session = await findSession(inputs[0]!, socket, stateDir);
	const writer = new LineWriter(stdout);
	for await (const line of historyLines(session.files, {onProblem: warn})) {
		if (writer.closed) {
			break;
		}

		await writer.write(line.text + '\n');
	}
}

async function grepCommand({socket, inputs, flags, stdout = process.stdout, stateDir = stateDirectory()}: HistoryCommandContext): Promise<void> {
	const [source, ...references] = inputs;
	let pattern: RegExp;
	const caseFlag = flags['ignoreCase'] ? 'i' : '';
	try {
		pattern = flags['fixedStrings'] ? new RegExp(escapeRegExp(source!), caseFlag) : new RegExp(source!, caseFlag);
	} catch (error) {
		throw new UsageError(`Invalid pattern: ${(error as Error).message}`);
	}

	let sessions: KnownSession[];
	if (references.length > 0) {
		sessions = [];
		for (const reference of references) {
			// eslint-disable-next-line no-await-in-loop
			sessions.push(await findSession(reference, socket, stateDir));
		}
	} else {
		const {records} = await listRecords(stateDir);
		sessions = [];
		for (const record of records) {
			// eslint-disable-next-line no-await-in-loop
			const files = await recordingFiles(recordingFile(stateDir, record.id));
			if (files.length > 0) {
				sessions.push({id: record.id, name: record.name, files});
			}
		}
	}

	const json = flags['json'] === true;
	const nameWidth = Math.max(0, ...sessions.map(session => session.name.length));
	const writer = new LineWriter(stdout);
	let found = 0;
	for (const session of sessions) {
		// eslint-disable-next-line no-await-in-loop -- matches are printed in session order, one session after another
		for await (const match of grepHistory(pattern, session.files, {onProblem: warn})) {
			if (writer.closed) {
				return;
			}

			found++;
			const line = grepLine({session: session.name, id: session.id, time: match.time, line: match.lineNumber, text: match.line}, {json, nameWidth});
			await writer.write(line + '\n');
		}
	}

	if (found === 0) {
		process.exitCode = 1;
	}
}

export type GrepMatch = {session: string; id: string; time: Date; line: number; text: string};

/** One match as grep prints it: `--json`'s object, or the session, its time and the line. */
export function grepLine(match: GrepMatch, {json, nameWidth}: {json: boolean; nameWidth: number}): string {
	return json
		? JSON.stringify({...match, time: match.time.toISOString()})
		: `${match.session.padEnd(nameWidth)}  ${formatTime(match.time)}  ${match.text}`;
}

function escapeRegExp(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Local time as 2025-01-31 14:05:09. */
function formatTime(time: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
}

/** Writes to stdout with backpressure; a reader that went away (`| head`) ends the output quietly. */
class LineWriter {
	closed = false;
	private failure: Error | undefined;

	constructor(private readonly stream: NodeJS.WriteStream) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			this.closed = true;
			if (error.code !== 'EPIPE') {
				this.failure = error;
			}
		});
	}

	async write(text: string): Promise<void> {
		if (this.failure) {
			throw this.failure;
		}

		if (this.closed || this.stream.write(text)) {
			return;
		}

		await new Promise<void>(resolve => {
			const done = () => {
				this.stream.off('drain', done);
				this.stream.off('close', done);
				this.stream.off('error', done);
				resolve();
			};

			this.stream.once('drain', done);
			this.stream.once('close', done);
			this.stream.once('error', done);
		});
	}
}
