// Bad params get -32602 naming the field (not -32603 from deep inside), and requests that would make the daemon keep
// or serialize without bound are refused: a NUL or oversized cwd, unchecked env names, control and bidi characters
// in names, a screen of a million cells, a paste to a program that never reads it.
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {errorCodes, RpcError} from '../../source/protocol.js';
import {daemonForSuite} from '../helpers/daemon.js';

describe('params the daemon refuses', () => {
	const daemon = daemonForSuite();

	const refused = async (method: string, params: Record<string, unknown>, message: RegExp) => {
		await assert.rejects(daemon.client.call(method, params), (error: unknown) => {
			assert.ok(error instanceof RpcError, String(error));
			assert.equal(error.code, errorCodes.invalidParams, `${method} ${JSON.stringify(params)}: ${error.message}`);
			assert.match(error.message, message);
			return true;
		});
	};

	test('cwd, command and args with NUL, a cwd past PATH_MAX, env names with "=" or NUL', async () => {
		const sleeper = {command: 'sh', args: ['-c', 'exec sleep 60']};
		await refused('session.create', {...sleeper, cwd: '/tmp\u0000/x'}, /"cwd" must be a path of 1 to 4096 bytes without NUL/);
		await refused('session.create', {...sleeper, cwd: `/${'d'.repeat(5000)}`}, /"cwd" must be a path/);
		await refused('session.create', {command: 'sh\u0000x'}, /"command" must be a path/);
		await refused('session.create', {...sleeper, args: ['-c', 'a\u0000b']}, /"args"\[1\] contains a NUL character/);
		await refused('session.create', {...sleeper, env: {'A\u0000B': '1'}}, /"env" has a variable name that is empty or holds "=" or NUL/);
		await refused('session.create', {...sleeper, env: {'A=B': '1'}}, /"env" has a variable name/);
		await refused('session.create', {...sleeper, env: {'': '1'}}, /"env" has a variable name/);
		await refused('session.create', {...sleeper, env: {A: 'x\u0000y'}}, /"env\.A" contains a NUL character/);
		const ok = await daemon.client.request('session.create', {...sleeper, name: 'fine', env: {GOOD_NAME: 'value with spaces'}});
		assert.equal(ok.status, 'running');
	});

	test('names with C1 controls or bidi overrides, on create and rename', async () => {
		await refused('session.create', {name: 'a\u009B2Jb'}, /"name" must be 1-64 printable characters, without control or bidirectional formatting characters/);
		await refused('session.create', {name: 'txt.\u202Eexe'}, /"name" must be/);
		await refused('session.rename', {session: 'fine', name: 'x\u2066y'}, /"name" must be/);
		await refused('session.rename', {session: 'fine', name: 'x\u001By'}, /"name" must be/);
	});

	test('a screen of more than 200,000 cells, on create, attach and resize', async () => {
		await refused('session.create', {cols: 1000, rows: 1000}, /"cols" x "rows" must be at most 200,000 cells, not 1000x1000/);
		await refused('session.attach', {session: 'fine', cols: 1000, rows: 300}, /at most 200,000 cells/);
		await refused('session.resize', {session: 'fine', cols: 1000, rows: 201}, /at most 200,000 cells, not 1000x201/);
		const resized = await daemon.client.request('session.resize', {session: 'fine', cols: 500, rows: 400});
		assert.deepEqual([resized.cols, resized.rows], [500, 400]);
	});

	test('a paste to a program that never reads is refused once 4 MB wait for it, not kept in memory', async () => {
		const info = await daemon.client.request('session.create', {name: 'deaf', command: 'sh', args: ['-c', 'exec sleep 60']});
		const chunk = 'x'.repeat(1_000_000);
		let accepted = 0;
		let refusal: RpcError | undefined;
		for (let sent = 0; sent < 20 && !refusal; sent++) {
			try {
				await daemon.client.request('session.input', {session: info.id, data: chunk});
				accepted++;
			} catch (error) {
				refusal = error as RpcError;
			}
		}

		assert.equal(refusal?.code, errorCodes.inputBacklog, String(refusal));
		assert.match(refusal!.message, /Session "deaf" has not read the last \d+ MB of input sent to it; try again once it reads/);
		assert.ok(accepted <= 6, `${accepted} MB were taken`);
		assert.deepEqual(await daemon.client.request('daemon.ping'), {pong: true});
	});
});
