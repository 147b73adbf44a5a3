// Soak phases that take the daemon's ground away: SIGKILL while it records, its socket file deleted, a full disk.
// Each checks what must survive: records that read, recordings that parse, sessions that come back, one daemon.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import type {DaemonStatus, SessionInfo} from '../source/protocol.js';
import {makeDaemonSandbox, processGone, waitFor} from '../test/helpers/daemon.js';
import {Random, recordingProblem, type SoakOptions, type SoakRow} from './common.js';

/** SIGKILL the daemon at a random moment while a session floods its recording; the next daemon must take it back. */
export async function killedDaemonPhase(options: SoakOptions): Promise<SoakRow> {
	const random = new Random(options.seed + 1);
	const rounds = options.quick ? 6 : 20;
	const sandbox = await makeDaemonSandbox();
	const sessionsDir = path.join(sandbox.directory, 'state', 'claude-tui', 'sessions');
	const problems: string[] = [];
	let survived = 0;
	try {
		for (let round = 0; round < rounds; round++) {
			await sandbox.ok(['new', '--name', `rec${round}`, '--', 'sh', '-c', 'while :; do seq 1 5000; done']);
			await delay(200 + random.integer(800));
			const pid = await sandbox.daemonPid();
			process.kill(pid, 'SIGKILL');
			await waitFor(() => processGone(pid), {message: 'the killed daemon to be gone'});
			// The next command starts a daemon, which must bring back every session so far, each readable.
			const listed = JSON.parse(await sandbox.ok(['ls', '--json'])) as SessionInfo[];
			const status = JSON.parse(await sandbox.ok(['status', '--json'])) as DaemonStatus;
			const missing = Array.from({length: round + 1}, (_, index) => `rec${index}`).filter(name => !listed.some(session => session.name === name && session.status === 'restorable'));
			const broken = listed.flatMap(session => {
				const file = path.join(sessionsDir, session.id, 'output.cast');
				const problem = fs.existsSync(file) ? recordingProblem(file) : undefined;
				return problem ? [`${session.name}: ${problem}`] : [];
			});
			const unreadable = (status.recordProblems ?? []).map(problem => `${problem.id}: ${problem.message}`);
			problems.push(...missing.map(name => `${name} not restorable`), ...broken, ...unreadable);
			if (missing.length === 0 && broken.length === 0 && unreadable.length === 0) {
				survived++;
			}
		}
	} finally {
		await sandbox.cleanup();
	}

	return {
		what: 'daemon SIGKILLed at a random moment while a session floods its recording',
		count: rounds,
		survived,
		lost: rounds - survived,
		note: problems.length === 0 ? `every session back as restorable, every record read, every recording parsed (${rounds} sessions by the end)` : problems.slice(0, 3).join('; '),
	};
}

/** `rm` of the socket file (a /tmp cleaner): the running daemon makes it again; no second daemon, no session twice. */
export async function deletedSocketPhase(options: SoakOptions): Promise<SoakRow> {
	const rounds = options.quick ? 3 : 8;
	const sandbox = await makeDaemonSandbox();
	let survived = 0;
	const problems: string[] = [];
	try {
		await sandbox.ok(['new', '--name', 'kept', '--', 'sh', '-c', 'exec sleep 600']);
		const pid = await sandbox.daemonPid();
		for (let round = 0; round < rounds; round++) {
			fs.rmSync(sandbox.socket);
			const listed = JSON.parse(await sandbox.ok(['ls', '--json'])) as SessionInfo[];
			const now = await sandbox.daemonPid();
			if (now === pid && listed.length === 1 && listed[0]?.status === 'running') {
				survived++;
			} else {
				problems.push(`round ${round}: daemon ${now} (was ${pid}), sessions ${listed.map(session => `${session.name} ${session.status}`).join(', ')}`);
			}
		}
	} finally {
		await sandbox.cleanup();
	}

	return {
		what: 'socket file deleted, then `claude-tui ls`',
		count: rounds,
		survived,
		lost: rounds - survived,
		note: problems[0] ?? 'the same daemon every time, its session running, listed once',
	};
}

/** A state directory on a 3 MB tmpfs filled up: sessions keep running, history comes back once space does. */
export async function fullDiskPhase(options: SoakOptions): Promise<SoakRow> {
	if (process.getuid?.() !== 0) {
		return {what: 'state directory on a full 3 MB tmpfs', count: 0, survived: 0, lost: 0, note: 'not run: mounting a tmpfs needs root'};
	}

	const sandbox = await makeDaemonSandbox();
	const state = path.join(sandbox.directory, 'state');
	fs.mkdirSync(state);
	execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m,mode=700', 'tmpfs', state]);
	const problems: string[] = [];
	const count = options.quick ? 3 : 6;
	try {
		await sandbox.startForeground();
		const client = await sandbox.connect();
		// Most of the space taken by something else, the rest by the sessions' own output.
		fs.writeFileSync(path.join(state, 'filler'), Buffer.alloc(2 * 1024 * 1024, 1));
		for (let index = 0; index < count; index++) {
			await client.request('session.create', {name: `disk${index}`, command: 'sh', args: ['-c', 'seq 1 100000; exec cat']});
		}

		await waitFor(async () => (await client.request('session.list')).sessions.every(session => session.recordingError), {timeout: 30_000, message: 'every session to report the full disk'});
		if (!(await client.request('daemon.ping'))) {
			problems.push('the daemon stopped answering on a full disk');
		}

		fs.rmSync(path.join(state, 'filler'));
		await waitFor(async () => (await client.request('session.list')).sessions.every(session => !session.recordingError), {timeout: 30_000, message: 'every session to record again'});
		await sandbox.ok(['stop-daemon']);
		await sandbox.startForeground();
		const listed = JSON.parse(await sandbox.ok(['ls', '--json'])) as SessionInfo[];
		const back = listed.filter(session => session.status === 'restorable').length;
		if (back !== count) {
			problems.push(`${count - back} sessions did not come back after the restart`);
		}

		return {
			what: 'sessions on a full 3 MB tmpfs state directory, space freed, daemon restarted',
			count,
			survived: back,
			lost: count - back,
			note: problems[0] ?? 'every session told of the full disk, recorded again once space was back, restorable after the restart',
		};
	} finally {
		await sandbox.cli(['stop-daemon']);
		execFileSync('umount', ['-l', state]);
		await sandbox.cleanup();
	}
}
