// What replay, history and grep share: finding a session's recording on disk (whether or not a daemon runs), the
// problems a recording has (warned about, never fatal), writing lines to a reader that may go away, grep's lines.
import process from 'node:process';
import {DaemonClient} from '../client.js';
import {formatLocalTime} from '../format.js';
import {recordingFiles, type RecordingProblem} from '../history/asciicast.js';
import {listRecords, recordingFile} from '../history/records.js';
import {stateDirectory} from '../paths.js';
import type {SessionInfo} from '../protocol.js';
import {matchSession} from '../session-reference.js';
import {UsageError} from './errors.js';

export type KnownSession = {id: string; name: string; files: string[]};

/**
Finds a session's recording from its name, id or id prefix, as the daemon finds its sessions (session-reference.ts).
The records on disk answer without a daemon; a name they do not know (a record not written yet) is asked of the
daemon, if one runs. Where two daemons' sessions share a name, the one of this socket wins.
*/
export async function findSession(reference: string, socket: string, stateDir = stateDirectory()): Promise<KnownSession> {
	const {records} = await listRecords(stateDir);
	const match = matchSession(records, reference, {prefer: record => record.socket === undefined || record.socket === socket});
	if ('problem' in match && match.problem === 'several names') {
		throw new UsageError(`Several sessions are named "${reference}" (${match.sessions.map(record => record.id).join(', ')}); give an id`);
	}

	if ('problem' in match && match.problem === 'several ids') {
		throw new UsageError(`Session id prefix "${reference}" matches ${match.sessions.length} sessions`);
	}

	let id = 'session' in match ? match.session.id : undefined;
	let name = 'session' in match ? match.session.name : reference;
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

export function warn(problem: RecordingProblem): void {
	process.stderr.write(`claude-tui: ${problem.file}: ${problem.message}\n`);
}

export type GrepMatch = {session: string; id: string; time: Date; line: number; text: string};

/** One match as grep prints it: `--json`'s object, or the session, its time and the line. */
export function grepLine(match: GrepMatch, {json, nameWidth}: {json: boolean; nameWidth: number}): string {
	return json
		? JSON.stringify({...match, time: match.time.toISOString()})
		: `${match.session.padEnd(nameWidth)}  ${formatLocalTime(match.time)}  ${match.text}`;
}

/** Writes to stdout with backpressure; a reader that went away (`| head`) ends the output quietly. */
export class LineWriter {
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
