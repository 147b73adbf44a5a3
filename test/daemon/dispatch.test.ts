// The daemon's JSON-RPC dispatch, in this process: requests get replies with their ids, notifications get none (even
// when they fail), batches get one array of their requests' replies, and every line that is not a request gets the
// error JSON-RPC names for it, counted against the connection, never against the daemon.
import assert from 'node:assert/strict';
import path from 'node:path';
import process from 'node:process';
import {after, describe, test} from 'node:test';
import {errorCodes, RpcError} from '../../source/protocol.js';
import {HistoryArchives} from '../../source/daemon/archive.js';
import {attachMethods} from '../../source/daemon/attach-methods.js';
import {Clients} from '../../source/daemon/clients.js';
import {copyMethods} from '../../source/daemon/copy-methods.js';
import {daemonMethods} from '../../source/daemon/daemon-methods.js';
import {Dispatcher} from '../../source/daemon/dispatch.js';
import type {Handlers} from '../../source/daemon/params.js';
import {SessionManager} from '../../source/daemon/session-manager.js';
import {sessionMethods} from '../../source/daemon/session-methods.js';
import {connectionPair, type Message, temporaryDirectory} from '../helpers/in-process.js';

const directory = temporaryDirectory('claude-tui-dispatch-');
const logged: string[] = [];
const log = (message: string) => {
	logged.push(message);
};

const clients = new Clients();
const sessions = new SessionManager({socket: path.join(directory, 'daemon.sock'), scrollback: 100, clients, log});
const archives = new HistoryArchives(log);
after(async () => {
	await sessions.stop();
	archives.dispose();
});

// The daemon's handlers, as daemon.ts puts them together, and two more that fail the way a bug would.
const handlers: Handlers = {
	...daemonMethods({sessions, status: () => ({version: 'test', pid: process.pid, uptime: 0, socket: '', sessions: 0, running: 0, clients: 0}), shutdown() {}}),
	...sessionMethods(sessions),
	...attachMethods(sessions),
	...copyMethods({resolve: reference => sessions.resolve(reference), archives, recordingFiles: async () => []}),
	'session.get'() {
		throw new TypeError('a bug in a handler');
	},
	async 'session.list'() {
		throw new RpcError(errorCodes.sessionNotFound, 'refused on purpose, later');
	},
};
const dispatcher = new Dispatcher(handlers, log);

async function pair() {
	const {connection, client} = await connectionPair(directory, (line, from) => void dispatcher.handleLine(line, from));
	clients.add(connection);
	return client;
}

const ping = (id: number | string) => ({jsonrpc: '2.0', id, method: 'daemon.ping'});

describe('dispatch', () => {
	test('a request gets its result under its own id, a string id or a number, or null', async () => {
		const client = await pair();
		client.send(ping(7));
		assert.deepEqual(await client.reply(), {jsonrpc: '2.0', id: 7, result: {pong: true}});
		client.send(ping('seven'));
		assert.deepEqual(await client.reply(), {jsonrpc: '2.0', id: 'seven', result: {pong: true}});
		client.send({jsonrpc: '2.0', id: null, method: 'daemon.ping'});
		assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: null, result: {pong: true}});
	});

	test('lines that are not requests get the error JSON-RPC names, with the id when there is one', async () => {
		const client = await pair();
		client.send('{"jsonrpc": "2.0", "method": ');
		assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: null, error: {code: errorCodes.parseError, message: 'Parse error: the line is not valid JSON'}});
		const invalid = {code: errorCodes.invalidRequest, message: 'Invalid Request: expected {"jsonrpc":"2.0","method":…}'};
		const lines: Array<[line: string, id: number | null]> = [
			['5', null],
			['"daemon.ping"', null],
			['null', null],
			['{"id": 1, "method": "daemon.ping"}', 1],
			['{"jsonrpc": "1.0", "id": 2, "method": "daemon.ping"}', 2],
			['{"jsonrpc": "2.0", "id": 3, "method": 4}', 3],
		];
		for (const [line, id] of lines) {
			client.send(line);
			assert.deepEqual(await client.next(), {jsonrpc: '2.0', id, error: invalid}, line);
		}

		// An id that is neither a string nor a number cannot be answered under it.
		client.send({jsonrpc: '2.0', id: {a: 1}, method: 'daemon.ping'});
		assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: null, error: invalid});
		client.send('[]');
		assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: null, error: {code: errorCodes.invalidRequest, message: 'Invalid Request: empty batch'}});
	});

	test('an unknown method is "not found" for a request and nothing for a notification; inherited names are unknown too', async () => {
		const client = await pair();
		for (const method of ['session.nope', 'toString', '__proto__', 'constructor', 'hasOwnProperty']) {
			client.send({jsonrpc: '2.0', id: method, method});
			assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: method, error: {code: errorCodes.methodNotFound, message: `Method not found: ${method}`}});
		}

		client.send({jsonrpc: '2.0', method: 'session.nope'});
		client.send(ping(1));
		assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: 1, result: {pong: true}}, 'no reply to the notification');
	});

	test('a notification is carried out without a reply, even when it fails', async () => {
		const client = await pair();
		client.send({jsonrpc: '2.0', method: 'buffer.set', params: {text: 'from a notification'}});
		client.send({jsonrpc: '2.0', method: 'buffer.set', params: {text: 42}});
		client.send({jsonrpc: '2.0', method: 'session.get'});
		client.send({jsonrpc: '2.0', id: 1, method: 'buffer.get'});
		assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: 1, result: {text: 'from a notification'}});
	});

	test('a handler\'s errors: its own code and words, or -32603 for a bug, logged with the method; params that are not an object', async () => {
		const client = await pair();
		client.send({jsonrpc: '2.0', id: 1, method: 'session.get', params: {session: 'x'}});
		assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: 1, error: {code: errorCodes.internalError, message: 'Internal error: a bug in a handler'}});
		assert.ok(logged.some(line => line.startsWith('internal error in session.get: TypeError: a bug in a handler')), logged.join('\n'));
		client.send({jsonrpc: '2.0', id: 2, method: 'session.list'});
		assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: 2, error: {code: errorCodes.sessionNotFound, message: 'refused on purpose, later'}});
		assert.ok(!logged.some(line => line.includes('session.list')), 'an RpcError is an answer, not a bug');
		client.send({jsonrpc: '2.0', id: 3, method: 'session.kill', params: ['a']});
		assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: 3, error: {code: errorCodes.invalidParams, message: 'Invalid params: params must be an object'}});
		client.send({jsonrpc: '2.0', id: 4, method: 'session.kill', params: {}});
		assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: 4, error: {code: errorCodes.invalidParams, message: 'Invalid params: "session" is required'}});
	});

	test('a batch gets one array with its requests\' replies in order (async ones too), none for its notifications', async () => {
		const client = await pair();
		client.send([
			ping(1),
			{jsonrpc: '2.0', method: 'buffer.set', params: {text: 'batched'}},
			{jsonrpc: '2.0', id: 2, method: 'session.list'},
			'not a request',
			{jsonrpc: '2.0', id: 3, method: 'buffer.get'},
			{jsonrpc: '2.0', id: 4, method: 'no.such'},
		]);
		assert.deepEqual(await client.next(), [
			{jsonrpc: '2.0', id: 1, result: {pong: true}},
			{jsonrpc: '2.0', id: 2, error: {code: errorCodes.sessionNotFound, message: 'refused on purpose, later'}},
			{jsonrpc: '2.0', id: null, error: {code: errorCodes.invalidRequest, message: 'Invalid Request: expected {"jsonrpc":"2.0","method":…}'}},
			{jsonrpc: '2.0', id: 3, result: {text: 'batched'}},
			{jsonrpc: '2.0', id: 4, error: {code: errorCodes.methodNotFound, message: 'Method not found: no.such'}},
		]);
		// A batch of notifications only is answered with nothing at all.
		client.send([{jsonrpc: '2.0', method: 'buffer.set', params: {text: 'quiet'}}, {jsonrpc: '2.0', method: 'daemon.ping'}]);
		client.send(ping(5));
		assert.deepEqual(await client.next(), {jsonrpc: '2.0', id: 5, result: {pong: true}});
	});

	test('100 bad lines in a row close the connection; a good line in between starts the count again', async () => {
		const client = await pair();
		for (let round = 0; round < 2; round++) {
			for (let index = 0; index < 99; index++) {
				client.send('not json');
			}

			client.send(ping(round));
		}

		let replies = 0;
		for (;;) {
			const message = await client.next() as Message;
			replies++;
			if (message.id === 1) {
				break;
			}
		}

		assert.equal(replies, 200);
		assert.equal(client.closed, false);
		for (let index = 0; index < 100; index++) {
			client.send('not json');
		}

		// 99 parse errors, then the goodbye instead of the 100th; the connection ends, the daemon does not.
		const errors: unknown[] = [];
		await assert.rejects(async () => {
			for (;;) {
				errors.push(await client.next());
			}
		}, /the connection closed/);
		assert.equal(errors.length, 100);
		assert.deepEqual(errors.at(-1), {jsonrpc: '2.0', id: null, error: {code: errorCodes.invalidRequest, message: 'Too many malformed requests; closing the connection'}});
	});
});
