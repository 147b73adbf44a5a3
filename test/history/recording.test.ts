// Recordings on disk: the asciicast v2 writer (batching, rotation, disk errors, resuming after a crash) and reader.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {fileURLToPath, pathToFileURL} from 'node:url';
import xterm from '@xterm/headless';
import {generationFile, recordingFiles, type CastEvent} from '../../source/history/asciicast.js';
import {openCast, readCast, readCastHeader} from '../../source/history/cast-reader.js';
import {CastWriter} from '../../source/history/cast-writer.js';
import {listRecords} from '../../source/history/records.js';
import {lastScreen} from '../../source/history/last-screen.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-history-rec-'));
after(() => {
	fs.rmSync(root, {recursive: true, force: true});
});
let counter = 0;
const newDirectory = () => {
	const directory = path.join(root, `t${++counter}`);
	fs.mkdirSync(directory, {recursive: true});
	return directory;
};

async function allEvents(file: string): Promise<CastEvent[]> {
	const events: CastEvent[] = [];
	for await (const event of readCast(file)) {
		events.push(event);
	}

	return events;
}

// Every line of the file as JSON, checked against the asciicast v2 spec.
function checkAsciicastV2(file: string): {header: Record<string, unknown>; events: unknown[][]} {
	const text = fs.readFileSync(file, 'utf8');
	assert.ok(text.endsWith('\n'), 'complete lines');
	const [first, ...rest] = text.slice(0, -1).split('\n');
	const header = JSON.parse(first!) as Record<string, unknown>;
	assert.equal(header['version'], 2);
	for (const key of ['width', 'height', 'timestamp']) {
		assert.ok(Number.isInteger(header[key]) && (header[key] as number) >= 0, `${key} is an integer`);
	}

	for (const key of ['command', 'title']) {
		assert.ok(header[key] === undefined || typeof header[key] === 'string', `${key} is a string if present`);
	}

	const env = header['env'] as Record<string, unknown>;
	assert.equal(env['TERM'], 'xterm-256color');
	assert.equal(typeof env['SHELL'], 'string');
	let previous = 0;
	const events = rest.map(line => {
		const event = JSON.parse(line) as unknown[];
		assert.equal(event.length, 3);
		assert.equal(typeof event[0], 'number');
		assert.ok((event[0] as number) >= previous, 'times never go backwards');
		previous = event[0] as number;
		assert.ok(['o', 'i', 'r', 'm'].includes(event[1] as string));
		assert.equal(typeof event[2], 'string');
		if (event[1] === 'r') {
			assert.match(event[2] as string, /^\d+x\d+$/);
		}

		return event;
	});
	return {header, events};
}

test('writer: header and events in asciicast v2, batched, in order, with times from the clock', async () => {
	const file = path.join(newDirectory(), 'output.cast');
	let now = 1_700_000_000_250;
	const writer = new CastWriter({file, width: 80, height: 24, command: 'bash', title: 'shell', now: () => now});
	writer.output('\u001B[1;31mhello\u001B[0m\r\n');
	now += 1500;
	writer.resize(100, 30);
	writer.resize(100, 30); // Unchanged size: no event.
	now += 500;
	writer.output('wide 漢字 and "quotes" \\ and \u0007');
	writer.input('secret'); // Recorded only because the caller chose to.
	writer.marker('restored');
	await writer.close();
	writer.output('after close is ignored');
	await writer.flush();

	const {header, events} = checkAsciicastV2(file);
	assert.deepEqual([header['width'], header['height'], header['timestamp'], header['command'], header['title']], [
		80,
		24,
		1_700_000_000,
		'bash',
		'shell',
	]);
	assert.deepEqual(events, [
		[0, 'o', '\u001B[1;31mhello\u001B[0m\r\n'],
		[1.5, 'r', '100x30'],
		[2, 'o', 'wide 漢字 and "quotes" \\ and \u0007'],
		[2, 'i', 'secret'],
		[2, 'm', 'restored'],
	]);
	assert.deepEqual(await readCastHeader(file), header);
	assert.equal(writer.error, undefined);
});

test('writer: a flood is written in few large appends and reads back intact', async () => {
	const file = path.join(newDirectory(), 'output.cast');
	const writer = new CastWriter({file, width: 80, height: 24});
	const chunk = 'x'.repeat(4095) + '\n';
	for (let i = 0; i < 2048; i++) {
		writer.output(chunk); // 8 MiB in 4 KiB chunks, all in one tick.
	}

	assert.equal(writer.backlog > 8 * 1024 * 1024, true);
	await writer.close();
	assert.equal(writer.backlog, 0);
	// Written in slices of about 1 MiB (so serializing never holds the event loop long), not one append per chunk.
	assert.ok(writer.stats.writes <= 12, `${writer.stats.writes} writes`);
	// Small events coalesce into one write per interval.
	const small = new CastWriter({file: path.join(path.dirname(file), 'small.cast'), width: 80, height: 24});
	for (let i = 0; i < 100; i++) {
		small.output(`keystroke ${i}`);
	}

	// The interval timer writes them, without a flush.
	while (small.stats.writes === 0) {
		await new Promise(resolve => setTimeout(resolve, 20));
	}

	await small.flush();
	assert.equal(small.stats.writes, 1);
	await small.close();
	const cast = await openCast(file);
	let count = 0;
	let chars = 0;
	for await (const batch of cast.batches) {
		for (const event of batch) {
			count++;
			chars += event.data.length;
		}
	}

	assert.equal(count, 2048);
	assert.equal(chars, 2048 * 4096);
	assert.equal(cast.stats.corruptLines, 0);
	assert.ok(writer.stats.bytesWritten >= 8 * 1024 * 1024);
});

test('reader: a truncated last line (writer killed mid-write) is skipped; complete lines all read', async () => {
	const file = path.join(newDirectory(), 'output.cast');
	const writer = new CastWriter({file, width: 80, height: 24});
	for (let i = 0; i < 10; i++) {
		writer.output(`line ${i}\r\n`);
	}

	await writer.close();
	fs.appendFileSync(file, '[1.25, "o", "half a li');
	const cast = await openCast(file);
	const events: CastEvent[] = [];
	for await (const batch of cast.batches) {
		events.push(...batch);
	}

	assert.equal(events.length, 10);
	assert.equal(events.at(-1)!.data, 'line 9\r\n');
	assert.equal(cast.stats.truncated, true);
	// A corrupt line in the middle is skipped and counted, not fatal.
	fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"line 3\\r\\n"]', '"line 3\\r\\n'));
	const again = await openCast(file);
	let count = 0;
	for await (const batch of again.batches) {
		count += batch.length;
	}

	assert.equal(count, 9);
	assert.equal(again.stats.corruptLines, 1);
});

test('writer with append: resumes a crashed recording, cuts its partial line, keeps times increasing', async () => {
	const file = path.join(newDirectory(), 'output.cast');
	let now = 1_700_000_100_000;
	const first = new CastWriter({file, width: 80, height: 24, now: () => now});
	first.output('before the crash\r\n');
	now += 3000;
	first.output('second line\r\n');
	await first.close();
	fs.appendFileSync(file, '[3.5, "o", "lost in the cr');

	now += 60_000;
	const second = new CastWriter({file, width: 120, height: 40, append: true, now: () => now});
	second.output('after restore\r\n');
	await second.close();
	const {header, events} = checkAsciicastV2(file);
	assert.equal(header['width'], 80);
	assert.deepEqual(events, [
		[0, 'o', 'before the crash\r\n'],
		[3, 'o', 'second line\r\n'],
		[63, 'r', '120x40'],
		[63, 'o', 'after restore\r\n'],
	]);

	// The last event may be longer than any read window (a large chunk, escaped); its time is still found, so times
	// keep increasing even when the clock went back meanwhile.
	const long = path.join(newDirectory(), 'output.cast');
	now = 1_700_000_200_000;
	const big = new CastWriter({file: long, width: 80, height: 24, now: () => now});
	now += 100_000;
	big.output('\u001B'.repeat(70_000));
	await big.close();
	now -= 50_000;
	const resumed = new CastWriter({file: long, width: 80, height: 24, append: true, now: () => now});
	resumed.output('later');
	await resumed.close();
	assert.deepEqual(checkAsciicastV2(long).events.map(event => [event[0], event[1]]), [[100, 'o'], [100, 'r'], [100, 'o']]);

	// A file that is not a recording is moved aside and a new one started.
	const other = path.join(newDirectory(), 'output.cast');
	fs.writeFileSync(other, 'garbage\n');
	const third = new CastWriter({file: other, width: 80, height: 24, append: true});
	third.output('fresh');
	await third.close();
	assert.equal(fs.readFileSync(`${other}.corrupt`, 'utf8'), 'garbage\n');
	assert.deepEqual(
		(await allEvents(other)).map(event => event.data),
		['fresh'],
	);
});

test('rotation: past the cap the file becomes .1.cast, a fresh one starts; the newest plays on its own', async () => {
	const directory = newDirectory();
	const file = path.join(directory, 'output.cast');
	let now = 1_700_000_200_000;
	let preambles = 0;
	const writer = new CastWriter({
		file,
		width: 80,
		height: 24,
		maxBytes: 4096,
		flushBytes: 512,
		now: () => now,
		preamble() {
			preambles++;
			return '\u001B[H\u001B[2Jscreen at rotation\r\n';
		},
	});
	for (let i = 0; i < 200; i++) {
		writer.output(`line ${String(i).padStart(3, '0')} ${'.'.repeat(40)}\r\n`);
		now += 100;
		if (i % 20 === 19) {
			await writer.flush();
		}
	}

	await writer.close();
	assert.ok(writer.stats.rotations >= 2, `rotated ${writer.stats.rotations} times`);
	assert.equal(preambles, writer.stats.rotations);
	assert.deepEqual(
		fs.readdirSync(directory).sort(),
		['output.1.cast', 'output.cast'],
		'one older generation kept',
	);
	assert.deepEqual(await recordingFiles(file), [generationFile(file, 1), file]);
	for (const each of [generationFile(file, 1), file]) {
		const {header, events} = checkAsciicastV2(each);
		assert.deepEqual(header['claude_tui'], {preamble: true});
		assert.equal(events[0]![2], '\u001B[H\u001B[2Jscreen at rotation\r\n');
		// Starts near 0 (asciinema play waits for the first event's time) ...
		assert.ok((events[0]![0] as number) < 1);
		assert.ok(fs.statSync(each).size < 4096 + 1024);
	}

	// ... and header timestamp + event time is still the moment it was recorded.
	const newest = await openCast(file);
	const last: CastEvent[] = [];
	for await (const batch of newest.batches) {
		last.push(...batch);
	}

	assert.equal(last.at(-1)!.data, `line 199 ${'.'.repeat(40)}\r\n`);
	assert.equal((newest.header.timestamp! + last.at(-1)!.time) * 1000, 1_700_000_200_000 + 199 * 100);

	// N generations.
	const file2 = path.join(newDirectory(), 'output.cast');
	const writer2 = new CastWriter({file: file2, width: 80, height: 24, maxBytes: 2048, flushBytes: 256, generations: 3});
	for (let i = 0; i < 100; i++) {
		writer2.output(`${'y'.repeat(100)}\r\n`);
		await writer2.flush();
	}

	await writer2.close();
	assert.deepEqual(
		fs.readdirSync(path.dirname(file2)).sort(),
		['output.1.cast', 'output.2.cast', 'output.3.cast', 'output.cast'],
	);
});

test('disk errors (ENOSPC, unusable paths, failed rotation) are reported once through onError, never thrown', async () => {
	const errors: Error[] = [];
	const full = new CastWriter({file: '/dev/full', width: 80, height: 24, onError: error => errors.push(error)});
	full.output('a');
	await full.flush();
	full.output('b');
	full.resize(10, 10);
	await full.close();
	assert.equal(errors.length, 1);
	assert.equal((errors[0] as NodeJS.ErrnoException).code, 'ENOSPC');
	assert.equal(full.recording, false);

	const blocked: Error[] = [];
	const notDirectory = new CastWriter({
		file: '/dev/null/sessions/x/output.cast',
		width: 80,
		height: 24,
		onError: error => blocked.push(error),
	});
	notDirectory.output('x');
	await notDirectory.close();
	assert.equal(blocked.length, 1);
	assert.match((blocked[0] as NodeJS.ErrnoException).code ?? '', /ENOTDIR|EEXIST/);

	// Mid-recording: the rotation target cannot be replaced (a non-empty directory stands there).
	const directory = newDirectory();
	const file = path.join(directory, 'output.cast');
	const late: Error[] = [];
	const writer = new CastWriter({file, width: 80, height: 24, maxBytes: 1024, onError: error => late.push(error)});
	await writer.flush();
	fs.mkdirSync(path.join(directory, 'output.1.cast', 'in-the-way'), {recursive: true});
	writer.output('z'.repeat(2000));
	await writer.flush();
	writer.output('more');
	await writer.close();
	assert.equal(late.length, 1);
	assert.ok(writer.error);
	// What was written before the failure is still a readable recording.
	assert.deepEqual((await allEvents(file)).map(event => event.data.length), [2000]);
});

test('a writer killed with SIGKILL mid-flood leaves a readable recording and record', async () => {
	const directory = newDirectory();
	const stateDir = path.join(directory, 'state');
	const here = path.dirname(fileURLToPath(import.meta.url));
	const module = (name: string) => pathToFileURL(path.join(here, '..', '..', 'source', 'history', `${name}.ts`)).href;
	const script = path.join(directory, 'flood.mts');
	fs.writeFileSync(
		script,
		`
import {CastWriter} from ${JSON.stringify(module('cast-writer'))};
import {writeRecord} from ${JSON.stringify(module('records'))};
const stateDir = ${JSON.stringify(stateDir)};
const base = {version: 1, id: 's1', name: 'flood', cwd: '/tmp', command: 'bash', args: [], env: {}, createdAt: new Date().toISOString(), status: 'running'};
await writeRecord(stateDir, base);
const writer = new CastWriter({file: stateDir + '/sessions/s1/output.cast', width: 80, height: 24, flushBytes: 8192});
let n = 0;
const chunk = () => { for (let i = 0; i < 50; i++) writer.output('line ' + (n++) + ' ' + '#'.repeat(100) + '\\r\\n'); };
process.stdout.write('ready\\n');
for (;;) {
	chunk();
	await writeRecord(stateDir, {...base, name: 'flood-' + n});
	await new Promise(resolve => setImmediate(resolve));
}
`,
	);
	const child = spawn(process.execPath, ['--import', 'tsx', script], {stdio: ['ignore', 'pipe', 'inherit']});
	await new Promise<void>(resolve => {
		child.stdout.once('data', () => {
			resolve();
		});
	});
	const cast = path.join(stateDir, 'sessions', 's1', 'output.cast');
	while (!fs.existsSync(cast) || fs.statSync(cast).size < 2 * 1024 * 1024) {
		await new Promise(resolve => setTimeout(resolve, 20));
	}

	child.kill('SIGKILL');
	await new Promise(resolve => child.once('exit', resolve));

	const opened = await openCast(cast);
	let count = 0;
	for await (const batch of opened.batches) {
		for (const event of batch) {
			assert.match(event.data, /^line \d+ #{100}\r\n$/);
			count++;
		}
	}

	assert.ok(count > 1000);
	assert.equal(opened.stats.corruptLines, 0);
	const {records, problems} = await listRecords(stateDir);
	assert.deepEqual(problems, []);
	assert.equal(records.length, 1);
	assert.match(records[0]!.name, /^flood/);
	assert.equal(records[0]!.status, 'running');
	// Restorable: its last screen can be rebuilt.
	const screen = await lastScreen(await recordingFiles(cast));
	assert.match(screen!.text, /line \d+ #{60}/);
});

// What `asciinema cat` does (print every "o" event's data in order), done by hand against the v2 spec, so the test
// needs no Python tool on the machine: every line parses, the header and events have the spec's types, times never
// go backwards, and the output events alone rebuild the screen we say the recording ends on.
test('the files follow asciicast v2: header and event types, ordered times, output alone rebuilds the screen', async () => {
	const file = path.join(newDirectory(), 'output.cast');
	const writer = new CastWriter({file, width: 60, height: 12, command: 'bash', title: 'demo'});
	writer.output('\u001B[1;32m$\u001B[0m ls\r\n');
	for (let i = 0; i < 20; i++) {
		writer.output(`\u001B[3${i % 8}mentry ${i} ✓ 世界\u001B[0m\r\n`);
	}

	writer.output('\u001B[5;5H\u001B[7mboxed\u001B[27m\u001B[12;1H$ ');
	await writer.close();

	const [headerLine, ...eventLines] = fs.readFileSync(file, 'utf8').split('\n').filter(line => line !== '');
	const header = JSON.parse(headerLine!) as Record<string, unknown>;
	assert.equal(header['version'], 2);
	assert.ok(Number.isInteger(header['width']) && Number.isInteger(header['height']));
	assert.equal(typeof header['timestamp'], 'number');
	let previousTime = 0;
	let output = '';
	for (const line of eventLines) {
		const event = JSON.parse(line) as unknown[];
		assert.equal(event.length, 3, line);
		const [time, type, data] = event;
		assert.equal(typeof time, 'number');
		assert.ok((time as number) >= previousTime, 'times never go backwards');
		previousTime = time as number;
		assert.ok(['o', 'i', 'r', 'm'].includes(type as string), `event type ${String(type)}`);
		assert.equal(typeof data, 'string');
		if (type === 'o') {
			output += data as string;
		}
	}

	const screen = new xterm.Terminal({cols: 60, rows: 12, allowProposedApi: true});
	await new Promise<void>(resolve => {
		screen.write(output, resolve);
	});
	const theirs: string[] = [];
	for (let y = 0; y < 12; y++) {
		theirs.push(screen.buffer.active.getLine(screen.buffer.active.baseY + y)?.translateToString(true) ?? '');
	}

	const ours = await lastScreen(file);
	while (theirs.at(-1) === '') {
		theirs.pop();
	}

	assert.equal(theirs.join('\n'), ours!.text);
	assert.match(ours!.text, /entry 19 ✓ 世界/);
	screen.dispose();
});

test('the last screen is rebuilt with the daemon\'s widths: an emoji takes two cells, as it did live', async () => {
	const file = path.join(newDirectory(), 'output.cast');
	const header = {version: 2, width: 20, height: 3, timestamp: 1_700_000_000, env: {TERM: 'xterm-256color', SHELL: '/bin/sh'}};
	fs.writeFileSync(file, [JSON.stringify(header), JSON.stringify([0.1, 'o', 'a😀b\u{1F9D1}\u200D\u{1F4BB}c'])].join('\n') + '\n');
	const screen = await lastScreen(file);
	assert.ok(screen);
	assert.equal(screen.text.split('\n')[0], 'a😀b\u{1F9D1}\u200D\u{1F4BB}c');
	// a, the emoji (2), b, the ZWJ sequence (two emoji of 2 each, as glibc and tmux count), c: the cursor is after them.
	assert.equal(screen.cursor.x, 1 + 2 + 1 + 4 + 1);
});
