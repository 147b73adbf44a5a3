// A deleted socket file does not make a second daemon: the running daemon makes its socket again, no command starts
// another daemon while it owns the state directory, and a record whose daemon is alive is never adopted.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {spawn} from 'node:child_process';
import {after, describe, test} from 'node:test';
import {writeRecord} from '../../source/history/records.js';
import {acquireStartLock, identityString, processIdentity} from '../../source/daemon/locks.js';
import type {SessionInfo} from '../../source/protocol.js';
import {makeDaemonSandbox, type DaemonSandbox, waitFor} from '../helpers/daemon.js';

describe('a deleted socket file', () => {
	const sandboxes: DaemonSandbox[] = [];
	after(async () => {
		await Promise.all(sandboxes.map(async sandbox => sandbox.cleanup()));
	});

	test('the running daemon makes it again; ls reaches that daemon and its running session, not a second daemon', async () => {
		const sandbox = await makeDaemonSandbox();
		sandboxes.push(sandbox);
		await sandbox.ok(['new', '--name', 'keep', '--', 'sh', '-c', 'exec sleep 60']);
		const pid = await sandbox.daemonPid();
		fs.rmSync(sandbox.socket);

		// At once, before the daemon has noticed: a second daemon is refused, naming the one that owns the sessions.
		const second = await sandbox.cli(['daemon', '--foreground']);
		assert.notEqual(second.exitCode, 0, second.stderr);
		assert.match(second.stderr, /already (owns the sessions of|running on)/);

		const listed = JSON.parse(await sandbox.ok(['ls', '--json'])) as SessionInfo[];
		assert.deepEqual(listed.map(session => [session.name, session.status]), [['keep', 'running']]);
		assert.equal(await sandbox.daemonPid(), pid);
		assert.match(sandbox.log(), /the socket .* was deleted; made it again/);
		assert.equal((sandbox.log().match(/listening on/g) ?? []).length, 1, sandbox.log());
	});

	test('a record whose daemon still runs is left to it, not listed as restorable', async () => {
		const sandbox = await makeDaemonSandbox();
		sandboxes.push(sandbox);
		const stateDir = path.join(sandbox.directory, 'state', 'claude-tui');
		const record = {
			version: 1 as const, id: 'feedc0de', name: 'theirs', cwd: sandbox.directory, command: 'sh', args: [], env: {},
			createdAt: new Date().toISOString(), status: 'running' as const, socket: sandbox.socket,
		};
		// This test's own process stands for the live daemon that runs it; a dead one's session is restorable.
		await writeRecord(stateDir, {...record, daemon: identityString(processIdentity())});
		await writeRecord(stateDir, {...record, id: 'deadbeef', name: 'orphan', daemon: '999999999:1'});
		await sandbox.startForeground();
		const listed = JSON.parse(await sandbox.ok(['ls', '--json'])) as SessionInfo[];
		assert.deepEqual(listed.map(session => [session.name, session.status]), [['orphan', 'restorable']]);
		assert.match(sandbox.log(), /session theirs \(feedc0de\) belongs to the running daemon pid \d+; left to it/);
	});
});

test('the start lock is never seen empty: a starter that finds it held waits for its owner', async () => {
	const directory = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'claude-tui-lock-test-'));
	try {
		const file = path.join(directory, 'daemon.sock.lock');
		// A live process holds it (a sleeping child of this test): another starter must wait, not take it over.
		const holder = spawn('sleep', ['30']);
		fs.writeFileSync(file, String(holder.pid));
		let taken = false;
		const waiting = acquireStartLock(file).then(release => {
			taken = true;
			return release;
		});
		await new Promise(resolve => setTimeout(resolve, 200));
		assert.equal(taken, false);
		holder.kill('SIGKILL');
		await waitFor(() => taken, {message: 'the lock to be taken once its owner is gone'});
		assert.equal(fs.readFileSync(file, 'utf8'), identityString(processIdentity()));
		(await waiting)();
		assert.equal(fs.existsSync(file), false);
		// Just made by another starter, still empty: not "pid 0, dead".
		fs.writeFileSync(file, '');
		let emptyTaken = false;
		void acquireStartLock(file).then(release => {
			emptyTaken = true;
			release();
		}, () => {});
		await new Promise(resolve => setTimeout(resolve, 200));
		assert.equal(emptyTaken, false);
		fs.rmSync(file);
		await waitFor(() => emptyTaken, {message: 'the lock to be taken once the other starter let go'});
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});
