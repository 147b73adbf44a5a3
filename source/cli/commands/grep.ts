// `claude-tui grep PATTERN [SESSION…]`: matching lines of output history, with their session and time; sessions
// on hosts are searched there.
import process from 'node:process';
import {recordingFiles} from '../../history/asciicast.js';
import {grepHistory} from '../../history/grep.js';
import {listRecords, recordingFile} from '../../history/records.js';
import {stateDirectory} from '../../paths.js';
import {escapeRegExp} from '../../terminal/text-rows.js';
import {configuredHosts} from '../connect.js';
import {defineCommand} from '../define.js';
import {errorMessage, UsageError} from '../errors.js';
import {grepOnHosts, isOnHost} from '../on-host.js';
import {findSession, grepLine, type KnownSession, LineWriter, warn} from '../recordings.js';

export const command = defineCommand({
	usage: 'claude-tui grep PATTERN [SESSION…] [--ignore-case] [--fixed-strings] [--json]',
	description: 'Search output history. Every session\'s (or the named ones\'), for a JavaScript regular expression; prints each matching line with its session and time. Exits 1 when nothing matches.',
	flags: {
		ignoreCase: {type: 'boolean', short: 'i'},
		fixedStrings: {type: 'boolean', short: 'F'},
		json: {type: 'boolean'},
	},
	flagHelp: [
		'--ignore-case, -i   Ignore case',
		'--fixed-strings, -F PATTERN is plain text, not a regular expression',
		'--json              One JSON object per match: {session, id, time, line, text}',
	],
	arity: [1, Number.POSITIVE_INFINITY],
	async run({flags, inputs: [source = '', ...references], socket, output}) {
		const hosts = await configuredHosts();
		const remote = references.filter(reference => isOnHost(reference, hosts));
		const local = references.filter(reference => !isOnHost(reference, hosts));
		let found = 0;
		// Every session of this machine when none is named; only the named ones when some are on hosts.
		if (local.length > 0 || remote.length === 0) {
			found += await grepHere(source, local, flags, socket);
		}

		if (remote.length > 0) {
			found += await grepOnHosts(source, remote, flags, hosts, output);
		}

		// An error on a host (its exit code passed on) stands; otherwise 1 says nothing matched, as grep's.
		if (process.exitCode === undefined || process.exitCode === 0 || process.exitCode === 1) {
			process.exitCode = found > 0 ? 0 : 1;
		}
	},
});

/** grep over this machine's recordings; returns how many lines matched. */
async function grepHere(source: string, references: string[], flags: {ignoreCase: boolean; fixedStrings: boolean; json: boolean}, socket: string): Promise<number> {
	let pattern: RegExp;
	const caseFlag = flags.ignoreCase ? 'i' : '';
	try {
		pattern = flags.fixedStrings ? new RegExp(escapeRegExp(source), caseFlag) : new RegExp(source, caseFlag);
	} catch (error) {
		throw new UsageError(`Invalid pattern: ${errorMessage(error)}`);
	}

	const stateDir = stateDirectory();
	let sessions: KnownSession[];
	if (references.length > 0) {
		sessions = [];
		for (const reference of references) {
			// eslint-disable-next-line no-await-in-loop -- the first unknown name is the one reported
			sessions.push(await findSession(reference, socket, stateDir));
		}
	} else {
		const {records} = await listRecords(stateDir);
		sessions = [];
		for (const record of records) {
			// eslint-disable-next-line no-await-in-loop -- in the records' order
			const files = await recordingFiles(recordingFile(stateDir, record.id));
			if (files.length > 0) {
				sessions.push({id: record.id, name: record.name, files});
			}
		}
	}

	const nameWidth = Math.max(0, ...sessions.map(session => session.name.length));
	const writer = new LineWriter(process.stdout);
	let found = 0;
	for (const session of sessions) {
		// eslint-disable-next-line no-await-in-loop -- matches are printed in session order, one session after another
		for await (const match of grepHistory(pattern, session.files, {onProblem: warn})) {
			if (writer.closed) {
				return found;
			}

			found++;
			const line = grepLine({session: session.name, id: session.id, time: match.time, line: match.lineNumber, text: match.line}, {json: flags.json, nameWidth});
			await writer.write(line + '\n');
		}
	}

	return found;
}
