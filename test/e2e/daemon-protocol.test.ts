// The JSON-RPC protocol against a real daemon: attach, fan-out, snapshots, events, read-only, sizing, naming.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import xterm from '@xterm/headless';
import type {DaemonClient} from '../../source/client.js';
import {errorCodes, RpcError, type SessionInfo} from '../../source/protocol.js';
import {collectOutput, makeDaemonSandbox, processGone, recordNotifications, waitFor, type DaemonSandbox} from '../helpers/daemon.js';

const shell = {command: 'bash', args: ['--norc', '--noprofile']};

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof RpcError, `expected an RpcError, got ${String(error)}`);
		return error;
	}

	assert.fail('expected the request to fail');
}

function screenText(terminal: xterm.Terminal): string {
	const buffer = terminal.buffer.active;
	const lines: string[] = [];
	for (let y = buffer.baseY; y < buffer.baseY + terminal.rows; y++) {
		lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
	}

	while (lines.length > 0 && lines.at(-1) === '') {
		lines.pop();
	}

	return lines.join('\n');
}

async function writeAll(terminal: xterm.Terminal, data: string): Promise<void> {
	await new Promise<void>(resolve => {
		terminal.write(data, resolve);
	});
}

/** A round trip on `client`: every notification the daemon wrote to it before this reply has arrived. */
async function sync(client: DaemonClient): Promise<void> {
	await client.request('daemon.ping');
}

describe('the protocol', () => {
	let sandbox: DaemonSandbox;
	let control: DaemonClient;
	let daemonPid: number;

	before(async () => {
		sandbox = await makeDaemonSandbox();
		// As if started from inside Claude Code: its sessions must not inherit this.
		sandbox.env['CLAUDECODE'] = '1';
		const child = await sandbox.startForeground();
		daemonPid = child.pid!;
		control = await sandbox.connect();
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('daemon.ping and daemon.status', async () => {
		assert.deepEqual(await control.request('daemon.ping'), {pong: true});
		const status = await control.request('daemon.status');
		assert.equal(status.pid, daemonPid);
		assert.equal(status.socket, sandbox.socket);
		assert.equal(typeof status.version, 'string');
		assert.ok(status.uptime >= 0);
		assert.ok(status.clients >= 1);
		assert.equal(typeof status.sessions, 'number');
	});

	test('two clients attached to one session both receive the same output', async () => {
		const session = await control.request('session.create', {...shell, name: 'shared'});
		const first = await sandbox.connect();
		const second = await sandbox.connect();
		const firstOutput = collectOutput(first, session.id);
		const secondOutput = collectOutput(second, session.id);
		await first.request('session.attach', {session: 'shared'});
		await second.request('session.attach', {session: session.id});
		assert.equal((await control.request('session.get', {session: 'shared'})).clients, 2);

		await first.request('session.input', {session: 'shared', data: 'echo "marker-$((20+22))"\r'});
		await waitFor(() => firstOutput.text().includes('marker-42') && secondOutput.text().includes('marker-42'), {
			message: () => `both clients to see marker-42; first: ${JSON.stringify(firstOutput.text())}, second: ${JSON.stringify(secondOutput.text())}`,
		});
		// The same stream: the second attached a moment later, so what it got is what the first got from then on.
		await waitFor(async () => {
			await sync(first);
			await sync(second);
			return firstOutput.text().endsWith(secondOutput.text());
		}, {message: () => `the streams to agree; first: ${JSON.stringify(firstOutput.text())}, second: ${JSON.stringify(secondOutput.text())}`});

		// A detached client gets nothing more; the other still does.
		await second.request('session.detach', {session: 'shared'});
		const secondBefore = secondOutput.text();
		await first.request('session.input', {session: 'shared', data: 'echo "after-$((1+1))"\r'});
		await waitFor(() => firstOutput.text().includes('after-2'), {message: 'the attached client to see after-2'});
		await sync(second);
		assert.equal(secondOutput.text(), secondBefore);
		assert.equal((await control.request('session.get', {session: 'shared'})).clients, 1);

		first.destroy();
		second.destroy();
		await waitFor(async () => (await control.request('session.get', {session: 'shared'})).clients === 0, {message: 'clients to drop to 0'});
		await control.request('session.remove', {session: 'shared'});
	});

	test('attach returns a snapshot that rebuilds the screen, scrollback and cursor in a fresh terminal', async () => {
		const script = 'seq 1 60; printf "\\033[1;31mred\\033[0m and plain\\n"; printf "prompt> "; exec sleep 1000';
		const session = await control.request('session.create', {command: 'sh', args: ['-c', script], name: 'snap', cols: 70, rows: 20});
		const expected = await waitFor(async () => {
			const {text} = await control.request('session.capture', {session: 'snap'});
			return text.endsWith('prompt> ') ? text : undefined;
		}, {message: 'the session to draw its screen'});

		const client = await sandbox.connect();
		const result = await client.request('session.attach', {session: session.id, scrollback: 100});
		assert.equal(result.cols, 70);
		assert.equal(result.rows, 20);
		assert.equal(result.session.id, session.id);
		const mirror = new xterm.Terminal({cols: result.cols, rows: result.rows, scrollback: 1000, allowProposedApi: true});
		await writeAll(mirror, result.snapshot);
		assert.equal(screenText(mirror), expected);
		assert.deepEqual(
			{x: mirror.buffer.active.cursorX, y: mirror.buffer.active.cursorY},
			{x: result.cursor.x, y: result.cursor.y},
		);
		assert.deepEqual({x: result.cursor.x, y: result.cursor.y}, {x: 'prompt> '.length, y: expected.split('\n').length - 1});
		// Colours survive: the cell of "red" is red and bold.
		const redRow = expected.split('\n').findIndex(line => line.startsWith('red and plain'));
		const cell = mirror.buffer.active.getLine(mirror.buffer.active.baseY + redRow)!.getCell(0)!;
		assert.equal(cell.getChars(), 'r');
		assert.equal(cell.isFgPalette() ? cell.getFgColor() : -1, 1);
		assert.ok(cell.isBold());
		// Scrollback came along: line 1 is in the mirror's history.
		const history: string[] = [];
		for (let y = 0; y < mirror.buffer.active.baseY; y++) {
			history.push(mirror.buffer.active.getLine(y)!.translateToString(true));
		}

		assert.ok(history.includes('1'), `history: ${JSON.stringify(history)}`);
		mirror.dispose();
		client.destroy();
		await control.request('session.remove', {session: 'snap'});
	});

	test('a client attached but not subscribed hears that another client removed its session', async () => {
		const session = await control.request('session.create', {...shell, name: 'removed-under'});
		const viewer = await sandbox.connect();
		const events = recordNotifications(viewer);
		await viewer.request('session.attach', {session: session.id});
		await control.request('session.remove', {session: session.id});
		const removed = await waitFor(() => events.find(event => event.method === 'session.removed'), {
			message: () => `session.removed; heard: ${events.map(event => event.method).join(', ')}`,
		});
		assert.equal((removed.params.session as SessionInfo).id, session.id);
		viewer.destroy();
	});

	test('events: subscribers hear session.added, updated, exited and removed', async () => {
		const listener = await sandbox.connect();
		const events = recordNotifications(listener);
		const {sessions} = await listener.request('events.subscribe');
		assert.ok(Array.isArray(sessions));
		const heard = async (method: string, check: (info: SessionInfo) => boolean) =>
			waitFor(() => events.find(event => event.method === method && check(event.params.session as SessionInfo)), {
				message: () => `${method}; heard: ${events.map(event => event.method).join(', ')}`,
			});

		const session = await control.request('session.create', {command: 'sleep', args: ['1000'], name: 'evented'});
		const added = await heard('session.added', info => info.id === session.id);
		assert.equal(added.params.session.name, 'evented');
		assert.equal(added.params.session.status, 'running');

		await control.request('session.rename', {session: 'evented', name: 'renamed'});
		await heard('session.updated', info => info.id === session.id && info.name === 'renamed');

		await control.request('session.kill', {session: 'renamed', signal: 'SIGTERM'});
		const exited = await heard('session.exited', info => info.id === session.id);
		assert.equal(exited.params.session.status, 'exited');
		assert.equal(exited.params.session.signal, 'SIGTERM');

		await control.request('session.remove', {session: 'renamed'});
		await heard('session.removed', info => info.id === session.id);

		// Unsubscribed, it hears nothing more.
		await listener.request('events.unsubscribe');
		const count = events.length;
		await control.request('session.create', {command: 'sleep', args: ['1000'], name: 'unheard'});
		await control.request('session.remove', {session: 'unheard'});
		await sync(listener);
		assert.equal(events.length, count);
		listener.destroy();
	});

	test('a read-only attach cannot type and does not resize; a read-write one can', async () => {
		await control.request('session.create', {...shell, name: 'readonly', cols: 80, rows: 24});
		const viewer = await sandbox.connect();
		const viewed = await viewer.request('session.attach', {session: 'readonly', readOnly: true, cols: 50, rows: 10});
		assert.equal(viewed.cols, 80);
		assert.equal(viewed.rows, 24);
		const error = await rejection(viewer.request('session.input', {session: 'readonly', data: 'echo hi\r'}));
		assert.equal(error.code, errorCodes.readOnly);
		assert.match(error.message, /read-only/);
		assert.match(error.message, /readonly/);

		const output = collectOutput(viewer, (await control.request('session.get', {session: 'readonly'})).id);
		const typist = await sandbox.connect();
		await typist.request('session.attach', {session: 'readonly'});
		await typist.request('session.input', {session: 'readonly', data: 'echo "typed-$((3*3))"\r'});
		await waitFor(() => output.text().includes('typed-9'), {message: 'the viewer to see what the typist typed'});
		viewer.destroy();
		typist.destroy();
		await control.request('session.remove', {session: 'readonly'});
	});

	test('the size follows the client that attached or typed last, and the child sees it', async () => {
		const session = await control.request('session.create', {...shell, name: 'sized', cols: 80, rows: 24});
		const small = await sandbox.connect();
		const large = await sandbox.connect();
		const output = collectOutput(small, session.id);
		let tag = 0;
		const childSize = async (typist: DaemonClient) => {
			tag++;
			await typist.request('session.input', {session: 'sized', data: `echo "size${tag}=$(tput cols)x$(tput lines)"\r`});
			const pattern = new RegExp(`size${tag}=(\\d+)x(\\d+)`);
			const match = await waitFor(() => pattern.exec(output.text()), {message: () => `the child to report its size; output: ${JSON.stringify(output.text())}`});
			return `${match[1]}x${match[2]}`;
		};

		const attached = await small.request('session.attach', {session: 'sized', cols: 100, rows: 30});
		assert.equal(`${attached.cols}x${attached.rows}`, '100x30');
		assert.equal(await childSize(small), '100x30');

		await large.request('session.attach', {session: 'sized', cols: 120, rows: 40});
		const info = await control.request('session.get', {session: 'sized'});
		assert.equal(`${info.cols}x${info.rows}`, '120x40');
		assert.equal(await childSize(large), '120x40');

		// The small client types: the size is its own again.
		assert.equal(await childSize(small), '100x30');
		// An explicit resize, from anyone.
		const resized = await control.request('session.resize', {session: 'sized', cols: 90, rows: 20});
		assert.equal(`${resized.cols}x${resized.rows}`, '90x20');
		await control.request('session.input', {session: 'sized', data: `echo "size${++tag}=$(tput cols)x$(tput lines)"\r`});
		await waitFor(() => output.text().includes(`size${tag}=90x20`), {message: 'the child to see 90x20'});
		// An attached client that resizes (its terminal changed) keeps that size when it types next.
		await small.request('session.resize', {session: 'sized', cols: 70, rows: 15});
		assert.equal(await childSize(small), '70x15');
		// A read-only viewer may not resize.
		const viewer = await sandbox.connect();
		await viewer.request('session.attach', {session: 'sized', readOnly: true});
		assert.equal((await rejection(viewer.request('session.resize', {session: 'sized', cols: 40, rows: 10}))).code, errorCodes.readOnly);
		viewer.destroy();
		small.destroy();
		large.destroy();
		await control.request('session.remove', {session: 'sized'});
	});

	test('sessions are found by name, id or unambiguous id prefix; unknown and ambiguous ones are errors', async () => {
		const unknown = await rejection(control.request('session.get', {session: 'ghost'}));
		assert.equal(unknown.code, -32_001);
		assert.equal(unknown.code, errorCodes.sessionNotFound);
		assert.match(unknown.message, /ghost/);
		for (const method of ['session.attach', 'session.input', 'session.capture', 'session.kill', 'session.remove', 'session.rename', 'session.resize', 'session.detach']) {
			const error = await rejection(control.call(method, {session: 'ghost', data: 'x', name: 'y'}));
			assert.equal(error.code, errorCodes.sessionNotFound, method);
			assert.match(error.message, /"ghost"/, method);
		}

		// Make sessions until two ids share their first digit (16 digits: at most 17 sessions).
		const created: SessionInfo[] = [];
		let shared: string | undefined;
		while (shared === undefined) {
			const info = await control.request('session.create', {command: 'sleep', args: ['1000'], name: `prefix-${created.length}`});
			shared = created.find(other => other.id[0] === info.id[0])?.id[0];
			created.push(info);
			assert.ok(created.length <= 17);
		}

		const ambiguous = await rejection(control.request('session.get', {session: shared}));
		assert.equal(ambiguous.code, errorCodes.ambiguousSession);
		assert.match(ambiguous.message, new RegExp(`"${shared}"`));
		// The command line says the same, as one line, exit 1.
		const cli = await sandbox.cli(['capture', shared]);
		assert.equal(cli.exitCode, 1);
		assert.match(cli.stderr, new RegExp(`^claude-tui: Session id prefix "${shared}" matches \\d+ sessions$`, 'm'));
		assert.equal(cli.stderr.trim().split('\n').length, 1);

		for (const info of created) {
			// The shortest prefix no other session's id starts with.
			const others = created.filter(other => other.id !== info.id);
			let length = 1;
			while (others.some(other => other.id.startsWith(info.id.slice(0, length)))) {
				length++;
			}

			const prefix = info.id.slice(0, length);
			assert.equal((await control.request('session.get', {session: prefix})).id, info.id, `prefix ${prefix}`);
			assert.equal((await control.request('session.get', {session: info.id})).id, info.id);
			assert.equal((await control.request('session.get', {session: info.name})).id, info.id);
		}

		const {sessions} = await control.request('session.list');
		assert.deepEqual(new Set(sessions.map(info => info.id)), new Set(created.map(info => info.id)));
		for (const info of created) {
			await control.request('session.remove', {session: info.id});
			await waitFor(() => processGone(info.pid!), {message: `pid ${info.pid} to be gone`});
		}
	});

	test('the child environment names the session and sets TERM and COLORTERM, without CLAUDECODE', async () => {
		const session = await control.request('session.create', {
			command: 'sh',
			args: ['-c', 'echo "env:$CLAUDE_TUI_SESSION:$TERM:$COLORTERM:${CLAUDECODE-unset}:$EXTRA"; exec sleep 1000'],
			env: {EXTRA: 'extra-value'},
			name: 'env',
		});
		await waitFor(async () => {
			const {text} = await control.request('session.capture', {session: 'env'});
			return text.includes(`env:${session.id}:xterm-256color:truecolor:unset:extra-value`);
		}, {message: 'the child to print its environment'});
		await control.request('session.remove', {session: 'env'});
	});
});
