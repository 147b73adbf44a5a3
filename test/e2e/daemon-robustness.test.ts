// A daemon that no client can take down: malformed and oversized lines, floods, vanished and stalled clients,
// and output that must not be lost when a child exits.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import xterm from '@xterm/headless';
import {errorCodes} from '../../source/protocol.js';
import {collectOutput, daemonForSuite, RawConnection, recordNotifications, waitFor} from '../helpers/daemon.js';

describe('a robust daemon', () => {
	const daemon = daemonForSuite();

	const raw = async () => new RawConnection(await daemon.sandbox.rawSocket());
	const stillServes = async () => {
		const fresh = await daemon.sandbox.connect();
		assert.deepEqual(await fresh.request('daemon.ping'), {pong: true});
		fresh.destroy();
		assert.deepEqual(await daemon.client.request('daemon.ping'), {pong: true});
	};

	test('invalid JSON gets -32700 and the connection keeps working', async () => {
		const connection = await raw();
		connection.write('{"jsonrpc":"2.0","id":1,"method":"daemon.ping"\n');
		const error = await connection.next(message => message.error);
		assert.equal(error.id, null);
		assert.equal(error.error.code, errorCodes.parseError);
		assert.equal(error.error.code, -32_700);
		connection.write('{"jsonrpc":"2.0","id":2,"method":"daemon.ping"}\n');
		const pong = await connection.next(message => message.id === 2);
		assert.deepEqual(pong.result, {pong: true});
		assert.equal(connection.closed, false);
		connection.socket.destroy();
	});

	test('unknown methods, invalid requests, notifications and batches', async () => {
		const connection = await raw();
		connection.write('{"jsonrpc":"2.0","id":1,"method":"no.such.method"}\n');
		const unknown = await connection.next(message => message.id === 1);
		assert.equal(unknown.error.code, -32_601);
		assert.match(unknown.error.message, /no\.such\.method/);

		connection.write('{"id":2,"method":"daemon.ping"}\n');
		assert.equal((await connection.next(message => message.id === 2)).error.code, -32_600);
		connection.write('"just a string"\n');
		assert.equal((await connection.next(message => message.error?.code === -32_600 && message.id === null)).error.code, -32_600);

		// A notification gets no reply, even for an unknown method; a batch gets an array.
		connection.write('{"jsonrpc":"2.0","method":"daemon.ping"}\n{"jsonrpc":"2.0","method":"nope"}\n');
		connection.write('[{"jsonrpc":"2.0","id":3,"method":"daemon.ping"},{"jsonrpc":"2.0","id":4,"method":"nope"}]\n');
		const batch = await connection.next(message => Array.isArray(message));
		assert.deepEqual(batch.map((reply: any) => reply.id), [3, 4]);
		assert.deepEqual(batch[0].result, {pong: true});
		assert.equal(batch[1].error.code, -32_601);
		connection.write('{"jsonrpc":"2.0","id":"last","method":"daemon.ping"}\n');
		await connection.next(message => message.id === 'last');
		const replies = connection.messages.filter(message => !Array.isArray(message));
		assert.deepEqual(replies.map(message => message.id), [1, 2, null, 'last'], 'notifications were not answered');
		connection.socket.destroy();
	});

	test('bad params get -32602 naming the field', async () => {
		await daemon.client.request('session.create', {command: 'sleep', args: ['1000'], name: 'params'});
		const cases: Array<[string, unknown, RegExp]> = [
			['session.get', {}, /"session" is required/],
			['session.get', {session: 42}, /"session" must be a string/],
			['session.create', {command: 'sh', cols: 'wide'}, /"cols" must be an integer/],
			['session.create', {command: 'sh', rows: 0}, /"rows" must be an integer/],
			['session.create', {command: 'sh', args: 'not-an-array'}, /"args" must be an array of strings/],
			['session.create', {command: 'sh', env: {A: 1}}, /"env" must be an object of string values/],
			['session.create', {command: 'sh', cwd: '/no/such/dir'}, /"cwd" is not a directory/],
			['session.capture', {session: 'params', format: 'pdf'}, /"format" must be one of text, ansi/],
			['session.attach', {session: 'params', readOnly: 'yes'}, /"readOnly" must be true or false/],
			['session.create', ['positional'], /params must be an object/],
			['session.kill', {session: 'params', signal: 'SIGNOPE'}, /"signal" is not a signal name/],
			['session.input', {session: 'params'}, /"data" is required/],
			['session.resize', {session: 'params', cols: 1.5}, /"cols" must be an integer/],
			['session.rename', {session: 'params', name: ''}, /"name" must be/],
		];
		for (const [method, params, pattern] of cases) {
			const error = await daemon.client.call(method, params).then(
				() => assert.fail(`${method} ${JSON.stringify(params)} should fail`),
				(error_: {code: number; message: string}) => error_,
			);
			assert.equal(error.code, -32_602, `${method} ${JSON.stringify(params)}: ${error.message}`);
			assert.match(error.message, pattern);
		}

		const {sessions} = await daemon.client.request('session.list');
		assert.deepEqual(sessions.map(info => info.name), ['params'], 'no session was created by a bad request');
		await daemon.client.request('session.remove', {session: 'params'});
	});

	test('a line over 1 MiB closes that connection; the daemon answers a new one', async () => {
		const connection = await raw();
		const huge = '{"jsonrpc":"2.0","id":1,"method":"daemon.ping","params":{"pad":"' + 'x'.repeat(1024 * 1024 + 10);
		connection.write(huge);
		connection.write('"}}\n');
		await connection.waitClosed();
		const error = connection.messages.find(message => message.error);
		assert.equal(error?.error.code, errorCodes.invalidRequest);
		assert.match(error?.error.message, /longer than/);
		assert.ok(!connection.messages.some(message => message.id === 1), 'the oversized request was not served');
		await stillServes();
	});

	test('a flood of bad lines closes the connection; the daemon survives; good lines in between reset the count', async () => {
		const patient = await raw();
		for (let round = 0; round < 3; round++) {
			patient.write('garbage\n'.repeat(90) + `{"jsonrpc":"2.0","id":${round},"method":"daemon.ping"}\n`);
			await patient.next(message => message.id === round);
		}

		assert.equal(patient.closed, false, '90 bad lines between good ones are tolerated');
		patient.socket.destroy();

		const flooder = await raw();
		flooder.write('not json\n'.repeat(150) + '{"jsonrpc":"2.0","id":"after","method":"daemon.ping"}\n');
		await flooder.waitClosed();
		const parseErrors = flooder.messages.filter(message => message.error?.code === -32_700);
		assert.ok(parseErrors.length <= 100, `${parseErrors.length} parse errors`);
		assert.ok(!flooder.messages.some(message => message.id === 'after'));
		await stillServes();
	});

	test('a client killed mid-stream leaves the daemon and the other attached client working', async () => {
		const script = 'read go; yes "flowing data" | head -c 20000000; echo; echo "stream-$((6*7))-end"; exec sleep 1000';
		const session = await daemon.client.request('session.create', {command: 'sh', args: ['-c', script], name: 'stream'});
		const victim = await raw();
		victim.write(`{"jsonrpc":"2.0","id":1,"method":"session.attach","params":{"session":"stream"}}\n`);
		await victim.next(message => message.id === 1);

		const survivor = await daemon.sandbox.connect();
		const received = collectOutput(survivor, session.id);
		const notifications = recordNotifications(survivor);
		// Every byte (no frames), so what it receives after the victim vanished shows in its stream.
		await survivor.request('session.attach', {session: 'stream', frames: false});
		await daemon.client.request('session.input', {session: 'stream', data: '\r'});

		// Mid-stream: the victim is receiving output. Then it vanishes without a goodbye.
		await waitFor(() => victim.messages.filter(message => message.method === 'session.output').length > 5, {message: 'the victim to receive output'});
		victim.socket.destroy();
		const lengthAtKill = received.text().length;

		assert.deepEqual(await daemon.client.request('daemon.ping'), {pong: true});
		// The survivor keeps receiving, to the very end (as output, or as a snapshot if it fell behind).
		await waitFor(() => {
			const snapshots = notifications.filter(note => note.method === 'session.snapshot').map(note => note.params.snapshot as string);
			return [received.text(), ...snapshots].some(text => text.includes('stream-42-end'));
		}, {timeout: 30_000, message: 'the surviving client to see the end of the stream'});
		assert.ok(received.text().length > lengthAtKill, 'the survivor received more output after the victim vanished');
		await waitFor(async () => (await daemon.client.request('session.get', {session: 'stream'})).clients === 1, {message: 'the victim to be counted out'});
		await stillServes();
		survivor.destroy();
		await daemon.client.request('session.remove', {session: 'stream'});
	});

	test('a client that never reads does not block the PTY, and gets a fresh snapshot when it reads again', async () => {
		const script = 'read go; seq 1 1500000; echo "flood-$((2+3))-done"; exit 0';
		const session = await daemon.client.request('session.create', {command: 'sh', args: ['-c', script], name: 'flood'});
		const stalled = await raw();
		stalled.write(`{"jsonrpc":"2.0","id":1,"method":"session.attach","params":{"session":"flood"}}\n`);
		await stalled.next(message => message.id === 1);
		stalled.socket.pause();
		const outputsBefore = stalled.messages.length;

		const watcher = await daemon.sandbox.connect();
		const watcherEvents = recordNotifications(watcher);
		await watcher.request('session.attach', {session: 'flood'});
		await daemon.client.request('session.input', {session: 'flood', data: '\r'});

		// The child finishes although one client reads nothing at all.
		const info = await waitFor(async () => {
			const current = await daemon.client.request('session.get', {session: 'flood'});
			return current.status === 'exited' ? current : undefined;
		}, {timeout: 60_000, message: 'the flooding child to finish'});
		assert.equal(info.exitCode, 0);
		assert.deepEqual(await daemon.client.request('daemon.ping'), {pong: true});
		await waitFor(async () => (await daemon.client.request('session.capture', {session: 'flood'})).text.includes('flood-5-done'), {message: 'the end of the flood on the screen'});
		assert.equal(stalled.messages.length, outputsBefore, 'the paused client read nothing meanwhile');
		assert.ok(watcherEvents.some(note => note.method === 'session.exited'), 'the other client heard the exit');

		// It reads again: what was queued for it (frames of the flood, at most one behind the kernel's buffer), then
		// a snapshot of the screen as it is now.
		stalled.socket.resume();
		const screenOf = async (snapshot: {params: {cols: number; rows: number; snapshot: string}}) => {
			const mirror = new xterm.Terminal({cols: snapshot.params.cols, rows: snapshot.params.rows, allowProposedApi: true});
			await new Promise<void>(resolve => {
				mirror.write(snapshot.params.snapshot, resolve);
			});
			const rows: string[] = [];
			for (let y = 0; y < mirror.rows; y++) {
				rows.push(mirror.buffer.active.getLine(mirror.buffer.active.baseY + y)!.translateToString(true));
			}

			mirror.dispose();
			return rows;
		};

		let rows: string[] = [];
		const snapshot = await waitFor(async () => {
			const latest = stalled.messages.findLast(message => message.method === 'session.snapshot');
			rows = latest ? await screenOf(latest) : [];
			return rows.includes('flood-5-done') ? latest : undefined;
		}, {timeout: 30_000, message: () => `a snapshot showing the end of the flood; the last one shows:\n${rows.join('\n')}`});
		assert.equal(snapshot.params.session, session.id);
		const outputs = stalled.messages.filter(message => message.method === 'session.output');
		const streamed = outputs.map(message => message.params.data as string).join('');
		assert.ok(!streamed.includes('flood-5-done'), 'the stalled client was sent a snapshot, not the whole backlog');
		stalled.socket.destroy();
		watcher.destroy();
		await daemon.client.request('session.remove', {session: 'flood'});
	});

	for (let run = 1; run <= 3; run++) {
		test(`no output lost at exit: 200,000 lines, then exit (run ${run} of 3)`, async () => {
			const name = `lines-${run}`;
			const session = await daemon.client.request('session.create', {command: 'sh', args: ['-c', 'read go; seq 1 200000; exit 0'], name});
			const client = await daemon.sandbox.connect();
			const received = collectOutput(client, session.id);
			const notifications = recordNotifications(client);
			// Every byte, not frames: the stream itself must end with the last line.
			const attached = await client.request('session.attach', {session: name, frames: false});
			assert.equal(attached.session.status, 'running');
			await client.request('session.input', {session: name, data: '\r'});

			await waitFor(() => notifications.some(note => note.method === 'session.exited'), {timeout: 30_000, message: 'the session to exit'});
			const lastLine = async () => {
				const {text} = await daemon.client.request('session.capture', {session: name});
				return text.split('\n').at(-1);
			};

			await waitFor(async () => (await lastLine()) === '200000', {message: () => `capture to end with 200000; daemon log:\n${daemon.sandbox.log()}`});
			const info = await daemon.client.request('session.get', {session: name});
			assert.equal(info.exitCode, 0);
			assert.ok(!notifications.some(note => note.method === 'session.snapshot'), 'the client kept up (no resync snapshot)');
			await waitFor(() => received.text().trimEnd().endsWith('\n200000'), {
				message: () => `the client's stream to end with 200000; it ends with ${JSON.stringify(received.text().slice(-60))}`,
			});
			// Every line arrived, in order.
			const lines = received.text().split('\r\n').filter(line => /^\d+$/.test(line));
			assert.equal(lines.length, 200_000);
			assert.equal(lines[0], '1');
			client.destroy();
			await daemon.client.request('session.remove', {session: name});
		});
	}
});
