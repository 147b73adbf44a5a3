// Running out of file descriptors or disk space is said plainly and loses nothing it need not: a session that cannot
// start says the daemon is out of file descriptors (not "forkpty(3) failed"); a record or recording that cannot be
// written is shown on the session and tried again, so a session created on a full disk survives the next start once
// space is back, and its recording resumes. The full-disk test mounts a 2 MB tmpfs as the state directory, so it needs
// root; run as another user it says so and is skipped.
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {DaemonClient} from '../../source/client.js';
import {errorCodes, RpcError, type SessionInfo} from '../../source/protocol.js';
import {cliPath, makeDaemonSandbox, type DaemonSandbox, waitFor} from '../helpers/daemon.js';

const isRoot = process.getuid?.() === 0;

describe('out of file descriptors', () => {
	let sandbox: DaemonSandbox;
	let client: DaemonClient;
	before(async () => {
		sandbox = await makeDaemonSandbox();
		// A daemon with a small descriptor limit, so that a few sessions use them up.
		const daemon = spawn('sh', ['-c', `ulimit -n 60 && exec "${process.execPath}" "${cliPath}" daemon --foreground`], {env: sandbox.env, stdio: ['ignore', 'ignore', 'pipe']});
		daemon.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
			sandbox.foregroundLog += chunk;
		});
		await waitFor(async () => sandbox.answers(), {message: 'the limited daemon to answer'});
		await sandbox.daemonPid();
		client = await sandbox.connect();
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('a session that cannot start says why; no session is kept without its record saying so', async () => {
		const started: SessionInfo[] = [];
		let refusal: RpcError | undefined;
		for (let index = 0; index < 60 && !refusal; index++) {
			try {
				started.push(await client.request('session.create', {name: `s${index}`, command: 'sh', args: ['-c', 'exec sleep 60']}));
			} catch (error) {
				refusal = error as RpcError;
			}
		}

		assert.ok(refusal, 'some session could not start');
		assert.equal(refusal.code, errorCodes.spawnFailed);
		assert.match(refusal.message, /^Could not start sh: the daemon is out of file descriptors \(EMFILE\); end some sessions/);
		assert.deepEqual(await client.request('daemon.ping'), {pong: true});
		// Descriptors back: every session that runs has its record on disk, and none says otherwise any more.
		for (const info of started.slice(0, Math.ceil(started.length / 2))) {
			await client.request('session.remove', {session: info.id});
		}

		const kept = started.slice(Math.ceil(started.length / 2));
		const recordOf = (id: string) => path.join(sandbox.directory, 'state', 'claude-tui', 'sessions', id, 'record.json');
		await waitFor(async () => {
			const {sessions} = await client.request('session.list');
			return sessions.every(session => session.recordingError === undefined) && kept.every(info => fs.existsSync(recordOf(info.id)));
		}, {timeout: 20_000, message: () => `every record written: ${sandbox.log()}`});
		const more = await client.request('session.create', {name: 'again', command: 'sh', args: ['-c', 'exec sleep 60']});
		assert.equal(more.status, 'running');
	});
});

describe('a full disk', {skip: isRoot ? false : 'needs root to mount a small tmpfs as the state directory'}, () => {
	let sandbox: DaemonSandbox;
	let mounted = false;
	let state: string;
	before(async () => {
		sandbox = await makeDaemonSandbox();
		state = path.join(sandbox.directory, 'state');
		fs.mkdirSync(state);
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=700', 'tmpfs', state]);
		mounted = true;
		await sandbox.startForeground();
	});
	after(async () => {
		await sandbox.cli(['stop-daemon']);
		if (mounted) {
			execFileSync('umount', ['-l', state]);
		}

		await sandbox.cleanup();
	});

	test('a session created while the disk is full is told so, records once space is back, and survives a restart', {timeout: 90_000}, async () => {
		const client = await sandbox.connect();
		const filler = path.join(state, 'filler');
		const block = Buffer.alloc(64 * 1024, 1);
		const fd = fs.openSync(filler, 'w');
		try {
			for (;;) {
				fs.writeSync(fd, block);
			}
		} catch (error) {
			assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
		} finally {
			fs.closeSync(fd);
		}

		const info = await client.request('session.create', {name: 'full', command: 'cat'});
		assert.equal(info.status, 'running');
		const get = async () => client.request('session.get', {session: 'full'});
		const problem = await waitFor(async () => (await get()).recordingError, {message: 'the session to say its history is not written'});
		assert.match(problem, /ENOSPC/);
		assert.match(await sandbox.ok(['ls']), /^full\s+\S+\s+\S+, not recording\s/m);
		await client.request('session.input', {session: 'full', data: 'while-full\r'});

		fs.rmSync(filler);
		await waitFor(async () => (await get()).recordingError === undefined, {timeout: 20_000, message: () => `the history to be written again: ${sandbox.log()}`});
		await client.request('session.input', {session: 'full', data: 'space-is-back\r'});
		const recording = path.join(state, 'claude-tui', 'sessions', info.id, 'output.cast');
		await waitFor(() => fs.existsSync(recording) && fs.readFileSync(recording, 'utf8').includes('space-is-back'), {message: 'the recording to resume'});
		assert.match(fs.readFileSync(recording, 'utf8'), /"m", "recording resumed: output was lost before this point"/);
		assert.match(sandbox.log(), /recording of session full \(\w+\) resumed/);

		await sandbox.ok(['stop-daemon']);
		await sandbox.startForeground();
		const listed = JSON.parse(await sandbox.ok(['ls', '--json'])) as SessionInfo[];
		assert.deepEqual(listed.map(session => [session.name, session.status]), [['full', 'restorable']]);
	});
});
