// Session records: atomic writes, and corrupt or truncated files reported and skipped, never fatal.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {
	listRecords,
	readRecord,
	RecordStore,
	recordFile,
	recordingFile,
	removeSession,
	sessionDirectory,
	writeRecord,
	type SessionRecord,
} from '../../source/history/records.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-history-records-'));
after(() => {
	fs.rmSync(root, {recursive: true, force: true});
});
let counter = 0;
const newStateDir = () => path.join(root, `state${++counter}`);

function record(id: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
	return {
		version: 1,
		id,
		name: `name-${id}`,
		cwd: '/home/user/project',
		command: 'claude',
		args: ['--model', 'opus'],
		env: {FOO: 'bar'},
		createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, Number(id.replace(/\D/g, '') || 0))).toISOString(),
		status: 'running',
		...overrides,
	};
}

test('a record is written atomically beside its recording, private to the user, and reads back', async () => {
	const stateDir = newStateDir();
	const original = record('s1', {conversationId: '0b4a3c52-9f7e-4d5b-a1e4-2b8c9d0e1f23', restoreArgs: ['--continue']});
	await writeRecord(stateDir, original);
	assert.equal(recordFile(stateDir, 's1'), path.join(stateDir, 'sessions', 's1', 'record.json'));
	assert.equal(recordingFile(stateDir, 's1'), path.join(stateDir, 'sessions', 's1', 'output.cast'));
	const read = await readRecord(stateDir, 's1');
	const {updatedAt, ...rest} = read;
	assert.deepEqual(rest, original);
	assert.ok(typeof updatedAt === 'string');
	assert.equal(fs.statSync(recordFile(stateDir, 's1')).mode & 0o777, 0o600);
	assert.equal(fs.statSync(sessionDirectory(stateDir, 's1')).mode & 0o777, 0o700);
	// No temporary file is left behind.
	assert.deepEqual(fs.readdirSync(sessionDirectory(stateDir, 's1')), ['record.json']);

	// An exit updates it in place.
	await writeRecord(stateDir, {...original, status: 'exited', exitCode: 3, exitedAt: new Date().toISOString()});
	assert.equal((await readRecord(stateDir, 's1')).exitCode, 3);

	await assert.rejects(writeRecord(stateDir, record('../escape')), /id/);
	assert.throws(() => recordFile(stateDir, '..'), /invalid session id/);
	await assert.rejects(writeRecord(stateDir, {...original, status: 'weird' as 'running'}), /status/);
});

test('the store serializes and coalesces writes: the last state wins, whatever the order of completion', async () => {
	const stateDir = newStateDir();
	const errors: Error[] = [];
	const store = new RecordStore(stateDir, {onError: error => errors.push(error)});
	const saves = [];
	for (let i = 0; i < 50; i++) {
		saves.push(store.save(record('s7', {name: `rename-${i}`})));
	}

	await Promise.all(saves);
	await store.flush();
	assert.equal((await store.read('s7')).name, 'rename-49');
	assert.deepEqual(errors, []);
	assert.deepEqual(fs.readdirSync(sessionDirectory(stateDir, 's7')), ['record.json']);
	await store.remove('s7');
	assert.equal(fs.existsSync(sessionDirectory(stateDir, 's7')), false);
});

test('listRecords: corrupt, truncated, empty, foreign and missing records are reported and skipped', async () => {
	const stateDir = newStateDir();
	await writeRecord(stateDir, record('s1'));
	await writeRecord(stateDir, record('s2', {command: 'bash', args: [], status: 'exited', exitCode: 0}));
	const text = fs.readFileSync(recordFile(stateDir, 's1'), 'utf8');
	const put = (id: string, content: string) => {
		fs.mkdirSync(path.join(stateDir, 'sessions', id), {recursive: true});
		fs.writeFileSync(path.join(stateDir, 'sessions', id, 'record.json'), content);
	};

	put('s3', text.replace('"s1"', '"s3"').slice(0, 40)); // Truncated mid-write (by something not atomic).
	put('s4', '');
	put('s5', '{"version": 1, "id": "s5"}');
	put('s6', text); // Claims to be s1.
	put('s8', '\u0000\u0000\u0000garbage');
	fs.mkdirSync(path.join(stateDir, 'sessions', 's9'));
	fs.writeFileSync(path.join(stateDir, 'sessions', 's9', 'output.cast'), '{"version": 2, "width": 80, "height": 24}\n');
	// A temporary file left by a crash between write and rename is not a record.
	fs.writeFileSync(path.join(stateDir, 'sessions', 's2', '.record.json.123.abcd.tmp'), '{"half');
	fs.writeFileSync(path.join(stateDir, 'sessions', 'stray-file'), 'x');

	const {records, problems} = await listRecords(stateDir);
	assert.deepEqual(
		records.map(each => each.id),
		['s1', 's2'],
	);
	assert.deepEqual(
		problems.map(problem => [problem.id, problem.message]),
		[
			['s3', 'not valid JSON (truncated or corrupt)'],
			['s4', 'empty file'],
			['s5', 'name is missing or not a string'],
			['s6', 'holds id s1, not s6'],
			['s8', 'not valid JSON (truncated or corrupt)'],
			['s9', 'no record.json'],
		],
	);
	assert.equal(problems[0]!.file, path.join(stateDir, 'sessions', 's3', 'record.json'));

	await removeSession(stateDir, 's9');
	assert.equal((await listRecords(stateDir)).problems.length, 5);
	// No state directory yet: nothing, no error.
	assert.deepEqual(await listRecords(path.join(root, 'never-created')), {records: [], problems: []});
});
