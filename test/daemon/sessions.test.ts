// The SessionManager in this process, with real sessions on real PTYs: one resolver (name, id, unambiguous id
// prefix), names kept unique, client counts that follow the connections, sessions brought back from their records
// with how they ended, restored, removed, and stopped with the daemon.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {errorCodes, RpcError, type SessionInfo} from '../../source/protocol.js';
import {Clients} from '../../source/daemon/clients.js';
import {AttachmentFeed} from '../../source/daemon/feed.js';
import {SessionManager} from '../../source/daemon/session-manager.js';
import type {Session} from '../../source/daemon/session.js';
import {writeRecord, type SessionRecord} from '../../source/history/records.js';
import {historySettings} from '../../source/history/settings.js';
import {processGone} from '../helpers/daemon.js';
import {type Client, connectionPair, eventually, type Message, temporaryDirectory} from '../helpers/in-process.js';

const directory = temporaryDirectory('claude-tui-sessions-');
const sleeper = {command: '/bin/sh', args: ['-c', 'echo up; exec sleep 60']};

function manager(options: {stateDir?: string} = {}): {sessions: SessionManager; clients: Clients} {
	const clients = new Clients();
	const sessions = new SessionManager({
		socket: path.join(directory, 'daemon.sock'),
		scrollback: 100,
		clients,
		log() {},
		...(options.stateDir === undefined ? {} : {history: {...historySettings({record: false}), stateDir: options.stateDir}}),
	});
	after(async () => {
		await stop(sessions);
	});
	return {sessions, clients};
}

/**
Stops the sessions as the daemon does. The daemon's listening socket keeps its event loop running meanwhile; here a
timer does, or Node would see nothing left to wait for while the children's exits are on their way.
*/
async function stop(sessions: SessionManager): Promise<void> {
	const keepAlive = setInterval(() => {}, 1000);
	try {
		await sessions.stop();
	} finally {
		clearInterval(keepAlive);
	}
}

/** A client of `clients`, subscribed to the session list's changes when `subscribed`. */
async function connect(clients: Clients, subscribed = true) {
	const pair = await connectionPair(directory, () => {});
	pair.connection.subscribed = subscribed;
	clients.add(pair.connection);
	return pair;
}

/** The next notification `method` about the session named `name` (others before it are skipped). */
async function notified(client: Client, method: string, name: string): Promise<SessionInfo> {
	for (;;) {
		const message = await client.next() as Message;
		const info = (message.params as {session?: SessionInfo} | undefined)?.session;
		if (message.method === method && info?.name === name) {
			return info;
		}
	}
}

function rejectsWith(action: () => unknown, code: number, message: RegExp): void {
	assert.throws(action, (error: unknown) => {
		assert.ok(error instanceof RpcError, String(error));
		assert.equal(error.code, code, error.message);
		assert.match(error.message, message);
		return true;
	});
}

describe('SessionManager', () => {
	test('creates sessions on real PTYs, named after their command and kept unique, and tells subscribers', async () => {
		const {sessions, clients} = manager();
		const {client} = await connect(clients);
		const first = sessions.create({...sleeper, cols: 60, rows: 10});
		const second = sessions.create(sleeper);
		assert.deepEqual([first.name, second.name], ['sh', 'sh-2']);
		assert.equal((await notified(client, 'session.added', 'sh-2')).status, 'running');
		assert.deepEqual([first.cols, first.rows, second.cols, second.rows], [60, 10, 80, 24]);
		await eventually(async () => (await first.terminal.captureText()).includes('up'), 'the program\'s output on its screen');
		assert.equal(sessions.count, 2);
		assert.equal(sessions.runningCount, 2);
		rejectsWith(() => sessions.create({...sleeper, name: 'sh'}), errorCodes.nameTaken, /A session named "sh" already exists/);
		rejectsWith(() => sessions.create({...sleeper, name: 'a\u001Bb'}), errorCodes.invalidParams, /"name" must be 1-64 printable characters/);
		rejectsWith(() => sessions.create({...sleeper, cwd: path.join(directory, 'nowhere')}), errorCodes.invalidParams, /"cwd" is not a directory/);
		rejectsWith(() => sessions.create({command: 'no-such-command-here'}), errorCodes.spawnFailed, /Command not found: no-such-command-here/);
		rejectsWith(() => sessions.create({...sleeper, cols: 1000, rows: 1000}), errorCodes.invalidParams, /at most 200,000 cells/);
		assert.equal(sessions.count, 2, 'nothing refused was added');
	});

	test('one resolver: an id, a name, an unambiguous id prefix; an ambiguous prefix and an unknown name are errors', async () => {
		const {sessions} = manager();
		const created: Session[] = [];
		// Ids are random: sixteen hex digits begin them, so seventeen sessions surely share a first one.
		let shared: [Session, Session] | undefined;
		while (!shared) {
			const session = sessions.create({...sleeper, name: `r${created.length}`});
			const twin = created.find(other => other.id[0] === session.id[0]);
			created.push(session);
			shared = twin && [twin, session];
		}

		const [one, other] = shared;
		assert.equal(sessions.resolve(one.id), one);
		assert.equal(sessions.resolve(one.name), one);
		const prefix = [...one.id].findIndex((character, index) => other.id[index] !== character);
		assert.equal(sessions.resolve(one.id.slice(0, prefix + 1)), one);
		rejectsWith(() => sessions.resolve(one.id.slice(0, 1)), errorCodes.ambiguousSession, new RegExp(`Session id prefix "${one.id[0]}" matches \\d+ sessions`));
		rejectsWith(() => sessions.resolve('nobody'), errorCodes.sessionNotFound, /No session named "nobody"/);
		rejectsWith(() => sessions.resolve(''), errorCodes.sessionNotFound, /No session named ""/);
		// A name wins over another session's id prefix.
		const named = sessions.create({...sleeper, name: other.id.slice(0, 2)});
		assert.equal(sessions.resolve(other.id.slice(0, 2)), named);
	});

	test('rename: a free name is taken and announced, a taken one refused', async () => {
		const {sessions, clients} = manager();
		const {client} = await connect(clients);
		const session = sessions.create({...sleeper, name: 'before'});
		sessions.create({...sleeper, name: 'taken'});
		sessions.rename(session, 'after');
		assert.equal((await notified(client, 'session.updated', 'after')).id, session.id);
		assert.equal(sessions.resolve('after'), session);
		rejectsWith(() => sessions.resolve('before'), errorCodes.sessionNotFound, /No session named "before"/);
		rejectsWith(() => {
			sessions.rename(session, 'taken');
		}, errorCodes.nameTaken, /"taken" already exists/);
		assert.equal(session.name, 'after');
	});

	test('client counts follow the connections; a client that leaves gives the size to the latest one still there', async () => {
		const {sessions, clients} = manager();
		const session = sessions.create(sleeper);
		const a = await connect(clients, false);
		const b = await connect(clients, false);
		const readOnly = await connect(clients, false);
		assert.equal(session.info().clients, 0);
		const attach = (connection: typeof a.connection, size: {cols: number; rows: number}, activeAt: number, asReadOnly = false) => {
			connection.attach(session.id, {readOnly: asReadOnly, ...size, activeAt, feed: new AttachmentFeed(session.terminal, connection)});
		};

		attach(a.connection, {cols: 100, rows: 30}, 1);
		attach(b.connection, {cols: 70, rows: 20}, 2);
		attach(readOnly.connection, {cols: 50, rows: 10}, 3, true);
		// Attaching twice is still one client.
		attach(a.connection, {cols: 100, rows: 30}, 1);
		assert.equal(session.info().clients, 3);
		session.resize(70, 20);
		assert.ok(b.connection.detach(session.id));
		sessions.clientLeft(session);
		assert.equal(session.info().clients, 2);
		// The read-only client was active last, but does not decide the size.
		assert.deepEqual([session.cols, session.rows], [100, 30]);
		clients.delete(a.connection);
		sessions.clientLeft(session);
		assert.equal(session.info().clients, 1);
		assert.deepEqual([session.cols, session.rows], [100, 30], 'no client left to size it: the size stays');
	});

	test('remove: its clients are detached, subscribers told, its program is gone, and it resolves no more', async () => {
		const {sessions, clients} = manager();
		const subscriber = await connect(clients);
		const attached = await connect(clients, false);
		const session = sessions.create({...sleeper, name: 'doomed'});
		const pid = session.pid;
		assert.ok(pid);
		attached.connection.attach(session.id, {readOnly: false, cols: undefined, rows: undefined, feed: new AttachmentFeed(session.terminal, attached.connection)});
		await sessions.remove(session);
		assert.equal((await notified(subscriber.client, 'session.removed', 'doomed')).id, session.id);
		assert.equal(attached.connection.attachments.size, 0);
		assert.equal(sessions.has(session), false);
		rejectsWith(() => sessions.resolve('doomed'), errorCodes.sessionNotFound, /No session named "doomed"/);
		await eventually(() => processGone(pid), 'the removed session\'s program to be gone');
	});

	test('sessions come back from their records with how they ended, under unique names; restore runs them again; stop ends them', async () => {
		const stateDir = path.join(directory, 'state');
		const base = {version: 1 as const, cwd: directory, env: {}, createdAt: '2025-01-31T14:05:00.000Z', cols: 70, rows: 12};
		const records: SessionRecord[] = [
			{...base, id: 'aaaa0001', name: 'work', command: '/bin/sh', args: ['-c', 'echo restored-and-running; exec sleep 60'], status: 'running'},
			{...base, id: 'aaaa0002', name: 'done', command: '/bin/sh', args: [], status: 'exited', exitCode: 3, exitedAt: '2025-01-31T15:00:00.000Z', title: 'last title', restoredAt: '2025-01-31T14:30:00.000Z'},
			{...base, id: 'aaaa0003', name: 'work', command: '/bin/sh', args: [], status: 'interrupted'},
		];
		for (const record of records) {
			await writeRecord(stateDir, record);
		}

		const {sessions} = manager({stateDir});
		await sessions.adoptRecords();
		const byId = (id: string) => sessions.resolve(id).info();
		assert.deepEqual(sessions.list().map(info => [info.id, info.name, info.status]).sort(), [
			['aaaa0001', 'work', 'restorable'],
			['aaaa0002', 'done', 'exited'],
			['aaaa0003', 'work-2', 'restorable'],
		]);
		const done = byId('aaaa0002');
		assert.deepEqual(
			[done.exitCode, done.signal, done.exitedAt, done.title, done.restoredAt, done.pid, done.cols, done.rows],
			[3, undefined, '2025-01-31T15:00:00.000Z', 'last title', '2025-01-31T14:30:00.000Z', undefined, 70, 12],
		);
		assert.equal(byId('aaaa0001').exitCode, undefined);
		assert.equal(sessions.runningCount, 0);

		const work = sessions.resolve('work');
		await sessions.restore(work, {cols: 90, rows: 8});
		assert.equal(work.status, 'running');
		assert.deepEqual([work.cols, work.rows], [90, 8]);
		assert.ok(work.restoredAt);
		const screen = await eventually(async () => {
			const text = await work.terminal.captureText();
			return text.includes('restored-and-running') ? text : undefined;
		}, 'the restored program\'s output');
		assert.match(screen, /── restored \d{4}-\d\d-\d\d \d\d:\d\d · \/bin\/sh -c echo restored-and-running; exec sleep 60 ──/);
		await assert.rejects(sessions.restore(work, {cols: undefined, rows: undefined}), (error: unknown) => error instanceof RpcError && error.code === errorCodes.sessionRunning);

		await stop(sessions);
		assert.equal(sessions.runningCount, 0, 'stop hung up on the running session');
		const record = JSON.parse(fs.readFileSync(path.join(stateDir, 'sessions', 'aaaa0001', 'record.json'), 'utf8')) as SessionRecord;
		assert.equal(record.status, 'interrupted', 'what stop ended is restorable next time');
		rejectsWith(() => sessions.create(sleeper), errorCodes.shuttingDown, /shutting down/);
		await assert.rejects(sessions.restore(sessions.resolve('work-2'), {cols: undefined, rows: undefined}), (error: unknown) => error instanceof RpcError && error.code === errorCodes.shuttingDown);
	});
});
