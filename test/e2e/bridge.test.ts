// `claude-tui bridge`: stdin and stdout joined to the daemon's socket, as `ssh HOST claude-tui bridge` uses it.
// The client is the real DaemonClient over the bridge's pipes, against a real daemon in a temporary directory.
import assert from 'node:assert/strict';
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {Duplex} from 'node:stream';
import {after, before, describe, test} from 'node:test';
import {DaemonClient} from '../../source/client.js';
import type {ScreenUpdate, SessionInfo} from '../../source/protocol.js';
import {cliPath, makeDaemonSandbox, processGone, waitFor, type DaemonSandbox} from '../helpers/daemon.js';

function startBridge(sandbox: DaemonSandbox): {child: ChildProcessWithoutNullStreams; client: DaemonClient; exited: Promise<number | null>; stderr: () => string} {
	const child = spawn(process.execPath, [cliPath, 'bridge'], {env: sandbox.env, cwd: sandbox.directory, stdio: 'pipe'});
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk: string) => {
		stderr += chunk;
	});
	const exited = new Promise<number | null>(resolve => {
		child.once('exit', code => {
			resolve(code);
		});
	});
	const client = new DaemonClient(Duplex.from({readable: child.stdout, writable: child.stdin}), 'bridge');
	return {child, client, exited, stderr: () => stderr};
}

describe('claude-tui bridge', () => {
	let sandbox: DaemonSandbox;
	before(async () => {
		sandbox = await makeDaemonSandbox();
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('starts the daemon when none runs, and carries requests and streams both ways', async () => {
		assert.equal(await sandbox.answers(), false);
		const bridge = startBridge(sandbox);
		try {
			assert.deepEqual(await bridge.client.request('daemon.ping'), {pong: true});
			assert.equal(await sandbox.answers(), true, 'the bridge started a daemon on the socket');
			await sandbox.daemonPid();
			const {sessions} = await bridge.client.request('events.subscribe');
			assert.deepEqual(sessions, []);
			const added = new Promise<SessionInfo>(resolve => {
				bridge.client.on('notification', (method, params) => {
					if (method === 'session.added') {
						resolve(params.session);
					}
				});
			});
			const created = await bridge.client.request('session.create', {name: 'cat', command: 'cat', cwd: sandbox.directory, cols: 40, rows: 5});
			assert.equal((await added).id, created.id, 'the event came through the bridge');
			const screens: ScreenUpdate[] = [];
			bridge.client.on('notification', (method, params) => {
				if (method === 'session.screen') {
					screens.push(params);
				}
			});
			const attached = await bridge.client.request('session.attach', {session: 'cat', cols: 40, rows: 5, screen: true});
			assert.equal(attached.screen.full, true);
			await bridge.client.request('session.input', {session: 'cat', data: 'over the bridge\r'});
			await waitFor(() => screens.some(update => update.lines.some(([, text]) => text.includes('over the bridge'))), {message: 'the echo as a screen update'});
			// A line as long as the daemon's limit allows passes through whole.
			const long = 'x'.repeat(200_000);
			await bridge.client.request('session.input', {session: 'cat', data: long});
			await waitFor(async () => (await sandbox.ok(['capture', 'cat', '--scrollback', '10000'])).replaceAll('\n', '').includes('x'.repeat(1000)), {message: 'the long input to reach the session'});
		} finally {
			bridge.client.close();
			assert.equal(await bridge.exited, 0, `the bridge exits cleanly when its stdin closes: ${bridge.stderr()}`);
		}

		assert.equal(await sandbox.answers(), true, 'the daemon outlives the bridge');
		const {stdout} = await sandbox.cli(['ls']);
		assert.match(stdout, /^cat\s/m);
	});

	test('exits when the daemon goes away, and its stdout ends', async () => {
		const bridge = startBridge(sandbox);
		const pid = (await bridge.client.request('daemon.status')).pid;
		const closed = new Promise<void>(resolve => {
			bridge.client.once('close', resolve);
		});
		await bridge.client.request('daemon.shutdown');
		await closed;
		assert.equal(await bridge.exited, 0, bridge.stderr());
		await waitFor(() => processGone(pid), {message: 'the daemon to stop'});
	});

	test('says why on stderr, with stdout left clean, when the socket is unsafe', async () => {
		const child = spawn(process.execPath, [cliPath, 'bridge', '--socket', '/tmp'], {env: sandbox.env, stdio: 'pipe'});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => {
			stdout += String(chunk);
		});
		child.stderr.on('data', chunk => {
			stderr += String(chunk);
		});
		const code = await new Promise<number | null>(resolve => {
			child.once('exit', resolve);
		});
		assert.equal(code, 1);
		assert.equal(stdout, '');
		assert.match(stderr, /^claude-tui: \/ is open to group or others|^claude-tui: .*refusing/m);
	});
});
