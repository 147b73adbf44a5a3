// Replay in (fake) real time: speed scales the waits, the idle limit caps the pauses, abort stops it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {CastWriter} from '../../source/history/cast-writer.js';
import {replay, type Clock} from '../../source/history/replay.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-history-replay-'));
after(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

function fakeClock(): Clock & {sleeps: number[]} {
	let now = 0;
	const sleeps: number[] = [];
	return {
		sleeps,
		now: () => now,
		async sleep(ms) {
			sleeps.push(Math.round(ms));
			now += ms;
		},
	};
}

async function recording(name: string): Promise<string> {
	const file = path.join(root, name, 'output.cast');
	const start = 1_700_000_000_000;
	let now = start;
	const writer = new CastWriter({file, width: 80, height: 24, now: () => now});
	const at = (seconds: number, data: string) => {
		now = start + seconds * 1000;
		writer.output(data);
	};

	at(0.5, 'a');
	at(1, 'b');
	now = start + 1100;
	writer.resize(100, 30);
	at(11, 'c'); // After 10 s of nothing.
	at(11.2, 'd');
	now = start + 11_200;
	writer.input('typed'); // Never played.
	await writer.close();
	return file;
}

test('replay waits as recorded, scaled by speed, with idle gaps capped', async () => {
	const file = await recording('one');
	const clock = fakeClock();
	const written: string[] = [];
	const resized: string[] = [];
	const result = await replay(file, {
		speed: 2,
		idleLimit: 2,
		clock,
		write: data => written.push(data),
		resize: (cols, rows) => resized.push(`${cols}x${rows}`),
	});
	assert.deepEqual(written, ['a', 'b', 'c', 'd']);
	assert.deepEqual(resized, ['100x30']);
	// 0.5 s, 0.5 s, 0.1 s, then 9.9 s capped to 2 s, 0.2 s: halved.
	assert.deepEqual(clock.sleeps, [250, 250, 50, 1000, 100]);
	assert.deepEqual(result, {events: 5, duration: 1.65, aborted: false});

	const plain = fakeClock();
	await replay(file, {clock: plain, write() {}});
	assert.deepEqual(plain.sleeps, [500, 500, 100, 9900, 200]);
});

test('waits are scheduled from the start, so slow writes do not add up; abort stops playback', async () => {
	const file = await recording('two');
	const clock = fakeClock();
	let calls = 0;
	await replay(file, {
		clock,
		idleLimit: 1,
		write() {
			// Writing takes 300 ms of (fake) time.
			calls++;
			void clock.sleep(300);
		},
	});
	// Due at 500, 1000, 2100 (idle capped), 2300 ms; each write's 300 ms comes out of the next wait, and a write
	// that is late (d, due at 2300 after c's write ended at 2400) goes out at once.
	assert.deepEqual(clock.sleeps, [500, 300, 200, 300, 800, 300, 300]);
	assert.equal(calls, 4);

	const controller = new AbortController();
	const seen: string[] = [];
	const result = await replay(file, {
		clock: fakeClock(),
		signal: controller.signal,
		write(data) {
			seen.push(data);
			if (data === 'b') {
				controller.abort();
			}
		},
	});
	assert.deepEqual(seen, ['a', 'b']);
	assert.equal(result.aborted, true);
});
