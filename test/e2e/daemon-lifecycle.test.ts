// The daemon's life: where its socket lives and who may use it, recovery from a killed daemon, and shutdown.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import type {SessionInfo} from '../../source/protocol.js';
import {makeDaemonSandbox, processGone, recordNotifications, waitFor, type DaemonSandbox} from '../helpers/daemon.js';

describe('the daemon lifecycle', () => {
	const sandboxes: DaemonSandbox[] = [];
	const sandbox = async () => {
		const made = await makeDaemonSandbox();
		sandboxes.push(made);
		return made;
	};

	after(async () => {
		await Promise.all(sandboxes.map(async made => made.cleanup()));
	});

	test('the socket directory is 0700 and the socket 0600', async () => {
		const world = await sandbox();
		await world.ok(['ls']);
		const directory = fs.statSync(path.dirname(world.socket));
		assert.ok(directory.isDirectory());
		assert.equal((directory.mode & 0o777).toString(8), '700');
		const socket = fs.statSync(world.socket);
		assert.ok(socket.isSocket());
		assert.equal((socket.mode & 0o777).toString(8), '600');
	});

	test('a socket directory open to group or others is refused with a clear message', async () => {
		const world = await sandbox();
		const directory = path.dirname(world.socket);
		fs.mkdirSync(directory, {mode: 0o755});
		fs.chmodSync(directory, 0o755);
		for (const args of [['ls'], ['new', '--', 'sh'], ['daemon'], ['daemon', '--foreground'], ['status'], ['stop-daemon']]) {
			const result = await world.cli(args);
			assert.equal(result.exitCode, 1, `${args.join(' ')}: ${result.stderr}`);
			assert.match(result.stderr, /open to group or others \(mode 755\).*chmod 700/);
			assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
		}

		assert.equal(fs.existsSync(world.socket), false, 'no socket was made');
		assert.equal(await world.answers(), false);
		// Once it is private, it is used.
		fs.chmodSync(directory, 0o700);
		await world.ok(['ls']);
	});

	test('a socket directory owned by another user is refused', {skip: process.getuid?.() !== 0 && 'needs root to chown'}, async () => {
		const world = await sandbox();
		const directory = path.dirname(world.socket);
		fs.mkdirSync(directory, {mode: 0o700});
		fs.chownSync(directory, 65_534, 65_534);
		const result = await world.cli(['ls']);
		assert.equal(result.exitCode, 1, result.stderr);
		assert.match(result.stderr, /belongs to another user/);
	});

	test('--socket works for every subcommand, without $CLAUDE_TUI_SOCKET', async () => {
		const world = await sandbox();
		const socket = path.join(world.directory, 'elsewhere', 'my.sock');
		const env = {...world.env};
		delete env['CLAUDE_TUI_SOCKET'];
		const run = async (args: string[]) => world.cli(args, {env});
		assert.equal((await run(['new', '--socket', socket, '--name', 'flagged', '--', 'sleep', '1000'])).exitCode, 0);
		assert.ok(fs.statSync(socket).isSocket());
		// The flag may come before the subcommand, too.
		const list = await run(['--socket', socket, 'ls', '--json']);
		assert.equal(list.exitCode, 0, list.stderr);
		assert.deepEqual((JSON.parse(list.stdout) as SessionInfo[]).map(info => info.name), ['flagged']);
		for (const args of [['capture', 'flagged'], ['send', 'flagged', 'x'], ['rename', 'flagged', 'flagged2'], ['kill', 'flagged2'], ['rm', 'flagged2'], ['status']]) {
			const result = await run([...args, '-S', socket]);
			assert.equal(result.exitCode, 0, `${args.join(' ')}: ${result.stderr}`);
		}

		const stopped = await run(['stop-daemon', '--socket', socket]);
		assert.equal(stopped.exitCode, 0, stopped.stderr);
		assert.ok(stopped.stdout.includes(socket));
		assert.equal(fs.existsSync(socket), false);
		assert.equal(fs.existsSync(world.socket), false, 'the default socket was never used');
	});

	test('a stale socket left by a killed daemon is recovered: the next command starts a fresh daemon', async () => {
		const world = await sandbox();
		await world.ok(['new', '--name', 'orphan', '--', 'sleep', '1000']);
		const [orphan] = JSON.parse(await world.ok(['ls', '--json'])) as SessionInfo[];
		const oldPid = await world.daemonPid();
		process.kill(oldPid, 'SIGKILL');
		await waitFor(() => processGone(oldPid), {message: 'the killed daemon to be gone'});
		// (A killed process's threads may close its files a moment after it shows as a zombie.)
		await waitFor(async () => !(await world.answers()), {message: 'the killed daemon to stop answering'});
		assert.ok(fs.statSync(world.socket).isSocket(), 'the dead daemon left its socket file');
		// Its session lost its terminal: the kernel hung it up.
		await waitFor(() => processGone(orphan!.pid!), {message: 'the orphaned session child to get SIGHUP'});
		// And a lock file left by a process that no longer exists does not stand in the way.
		fs.writeFileSync(`${world.socket}.lock`, String(oldPid));

		// The killed daemon's session comes back from its record, restorable.
		assert.match(await world.ok(['ls']), /^orphan\s+\S+\s+restorable\s/m);
		const newPid = await world.daemonPid();
		assert.notEqual(newPid, oldPid);
		assert.equal((await world.ok(['new', '--name', 'fresh', '--', 'sleep', '1000'])).trim(), 'fresh');
		assert.match(await world.ok(['status']), new RegExp(`pid:\\s+${newPid}`));
		assert.equal(fs.existsSync(`${world.socket}.lock`), false);
	});

	test('SIGTERM: children get SIGHUP, clients hear daemon.shutdown, the socket is removed, all within 5 s', async () => {
		const world = await sandbox();
		const daemon = await world.startForeground();
		const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => {
			daemon.once('exit', (code, signal) => {
				resolve({code, signal});
			});
		});
		const client = await world.connect();
		const sessions: SessionInfo[] = [];
		sessions.push(await client.request('session.create', {command: 'bash', args: ['--norc', '--noprofile'], name: 'shell'}));
		sessions.push(await client.request('session.create', {command: 'sleep', args: ['1000'], name: 'sleeper'}));
		// This one would outlive a polite SIGHUP; the daemon must not wait for it forever.
		sessions.push(await client.request('session.create', {command: 'sh', args: ['-c', 'trap "" HUP; echo ready; exec sleep 1000'], name: 'stubborn'}));
		// The child that marks its hangup in a file shows it was SIGHUP that reached it.
		const marker = path.join(world.directory, 'hup-received');
		sessions.push(await client.request('session.create', {command: 'sh', args: ['-c', `trap 'echo HUP > "${marker}"; exit 0' HUP; echo ready; while :; do sleep 0.05; done`], name: 'marks'}));
		for (const name of ['stubborn', 'marks']) {
			await waitFor(async () => (await client.request('session.capture', {session: name})).text.includes('ready'), {message: `${name} to be ready`});
		}

		await client.request('session.attach', {session: 'shell'});
		const notifications = recordNotifications(client);
		const closed = new Promise<void>(resolve => {
			client.once('close', resolve);
		});

		daemon.kill('SIGTERM');
		// The issue's own bound: a graceful shutdown takes under 5 s, even with a child that ignores SIGHUP.
		const result = await Promise.race([exited, delay(5000, undefined, {ref: false})]);
		assert.ok(result, 'the daemon exits within 5 s of SIGTERM');
		assert.equal(result.code, 0);
		await closed;
		const shutdown = notifications.find(note => note.method === 'daemon.shutdown');
		assert.ok(shutdown, `notifications: ${notifications.map(note => note.method).join(', ')}`);
		assert.match(shutdown.params.reason, /SIGTERM/);
		assert.equal(fs.existsSync(world.socket), false, 'socket file removed');
		assert.equal(fs.readFileSync(marker, 'utf8').trim(), 'HUP');
		for (const session of sessions) {
			await waitFor(() => processGone(session.pid!), {timeout: 2000, message: `${session.name} (pid ${session.pid}) to be gone`});
		}

		assert.match(world.foregroundLog, /shutting down: received SIGTERM/);
		const status = await world.cli(['status']);
		assert.equal(status.exitCode, 1);
	});
});
