// The compositor's output goes into a headless terminal standing for the user's: the screen there is what a person
// would see.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {test} from 'node:test';
import type xterm from '@xterm/headless';
import {Compositor, type Frame, FrameScheduler, padAnsi} from '../../source/tui/compositor.js';
import {viewportRows} from '../../source/terminal/rows.js';
import {textWidth} from '../../source/tui/ansi-width.js';
import {cursorOf as cursorState, newTerminal, screenText, write} from '../helpers/screen.js';

class Collector extends Writable {
	chunks: string[] = [];

	override _write(chunk: Uint8Array, _encoding: BufferEncoding, callback: () => void): void {
		this.chunks.push(Buffer.from(chunk).toString('utf8'));
		callback();
	}

	/** Everything written since the last call. */
	take(): string {
		const all = this.chunks.join('');
		this.chunks = [];
		return all;
	}
}

const cellOf = (terminal: xterm.Terminal, x: number, y: number) =>
	terminal.buffer.active.getLine(y)!.getCell(x, terminal.buffer.active.getNullCell())!;

const textFrame = (lines: string[], cols: number, cursor: Frame['cursor']): Frame => ({
	rows: lines.map(line => padAnsi(line, cols)),
	cursor,
});

test('a painted frame appears on the outer terminal, cursor included', async () => {
	const source = newTerminal(30, 6);
	await write(source, '\u001B[32mgreen\u001B[0m 世界\r\n\u001B[48;5;200m\u001B[Kpink line\u001B[0m\r\nthird\u001B[?25l');
	const output = new Collector();
	const compositor = new Compositor(output);
	const outer = newTerminal(30, 6);
	compositor.start();
	compositor.paint({rows: viewportRows(source), cursor: cursorState(source)});
	const written = output.take();
	assert.ok(written.includes('\u001B[?2026h') && written.includes('\u001B[?2026l'));
	await write(outer, written);
	assert.deepEqual(screenText(outer), screenText(source));
	assert.equal(outer.buffer.active.type, 'alternate');
	assert.equal(cellOf(outer, 0, 0).getFgColor(), 2);
	assert.equal(cellOf(outer, 29, 1).getBgColor(), 200);
	assert.deepEqual(cursorState(outer), {x: 5, y: 2, visible: false});
	assert.equal(compositor.stats.frames, 1);
	assert.equal(compositor.stats.bytes, Buffer.byteLength(written));
});

test('a second paint writes only the changed row, and nothing when nothing changed', async () => {
	const output = new Collector();
	const compositor = new Compositor(output);
	const outer = newTerminal(20, 4);
	const lines = ['alpha', 'bravo', 'charlie', 'delta'];
	compositor.start();
	compositor.paint(textFrame(lines, 20, {x: 0, y: 3, visible: true}));
	await write(outer, output.take());

	compositor.paint(textFrame(['alpha', 'bravo', 'CHANGED', 'delta'], 20, {x: 7, y: 2, visible: true}));
	const second = output.take();
	assert.ok(second.includes('\u001B[3;1H') && second.includes('CHANGED'));
	for (const unchanged of ['alpha', 'bravo', 'delta']) {
		assert.ok(!second.includes(unchanged), `${unchanged} was repainted`);
	}

	await write(outer, second);
	assert.deepEqual(screenText(outer), ['alpha', 'bravo', 'CHANGED', 'delta']);
	assert.deepEqual(cursorState(outer), {x: 7, y: 2, visible: true});

	compositor.paint(textFrame(['alpha', 'bravo', 'CHANGED', 'delta'], 20, {x: 7, y: 2, visible: true}));
	assert.equal(output.take(), '');
	compositor.paint(textFrame(['alpha', 'bravo', 'CHANGED', 'delta'], 20, {x: 1, y: 0, visible: true}));
	const cursorOnly = output.take();
	assert.ok(cursorOnly.includes('\u001B[1;2H') && !cursorOnly.includes('alpha'));
	assert.equal(compositor.stats.frames, 3);
});

test('invalidate clears the screen and redraws every row', async () => {
	const output = new Collector();
	const compositor = new Compositor(output);
	const outer = newTerminal(20, 3);
	compositor.start();
	compositor.paint(textFrame(['one', 'two', 'three'], 20, {x: 0, y: 0, visible: true}));
	await write(outer, output.take());
	await write(outer, '\u001B[2;10Hgarbage'); // what a resize can leave behind
	compositor.invalidate();
	compositor.paint(textFrame(['one', 'two', 'three'], 20, {x: 0, y: 0, visible: true}));
	const redraw = output.take();
	assert.ok(redraw.includes('\u001B[2J'));
	await write(outer, redraw);
	assert.deepEqual(screenText(outer), ['one', 'two', 'three']);
});

test('stop restores the terminal once', async () => {
	const output = new Collector();
	const compositor = new Compositor(output);
	const outer = newTerminal(20, 3);
	await write(outer, 'shell prompt');
	compositor.start();
	assert.equal(compositor.painting, true);
	compositor.paint(textFrame(['tui'], 20, {x: 0, y: 0, visible: false}));
	// Modes the TUI repeated from the child.
	await write(outer, output.take() + '\u001B[?1002h\u001B[?1006h\u001B[?2004h\u001B[?1004h\u001B[?1h\u001B=\u001B[1;31m');
	assert.equal(outer.modes.mouseTrackingMode, 'drag');
	assert.equal(outer.modes.bracketedPasteMode, true);
	compositor.stop();
	const restore = output.take();
	assert.ok(restore.includes('\u001B[?1049l') && restore.includes('\u001B[?25h'));
	await write(outer, restore);
	assert.equal(outer.buffer.active.type, 'normal');
	assert.equal(screenText(outer)[0], 'shell prompt');
	assert.deepEqual(outer.modes, {
		...outer.modes,
		mouseTrackingMode: 'none',
		bracketedPasteMode: false,
		sendFocusMode: false,
		applicationCursorKeysMode: false,
		applicationKeypadMode: false,
	});
	assert.equal(cursorState(outer).visible, true);
	assert.equal(compositor.painting, false);

	compositor.stop();
	compositor.paint(textFrame(['after'], 20, {x: 0, y: 0, visible: true}));
	assert.equal(output.take(), '');
});

test('stop writes synchronously to a stream with a file descriptor', async () => {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compositor-')), 'out');
	const stream = fs.createWriteStream('', {fd: fs.openSync(file, 'w')});
	try {
		const compositor = new Compositor(stream);
		compositor.start();
		await new Promise<void>(resolve => {
			stream.write('', () => {
				resolve();
			});
		});
		compositor.stop();
		// Read at once: no event-loop turn for an asynchronous write to happen in.
		const written = fs.readFileSync(file, 'utf8');
		assert.ok(written.startsWith('\u001B[?1049h'));
		assert.ok(written.endsWith('\u001B[?1049l'));
	} finally {
		stream.destroy();
		fs.rmSync(path.dirname(file), {recursive: true});
	}
});

test('FrameScheduler coalesces a burst and paints the latest state', async () => {
	let state = 0;
	const painted: number[] = [];
	const scheduler = new FrameScheduler(() => painted.push(state), 5);
	for (let index = 1; index <= 100; index++) {
		state = index;
		scheduler.request();
	}

	await until(() => painted.at(-1) === 100);
	await sleep(20);
	assert.ok(painted.length <= 2, `painted ${painted.length} times`);

	// Requests right after a paint wait for the interval, then all land in one paint.
	const before = painted.length;
	for (let index = 101; index <= 150; index++) {
		state = index;
		scheduler.request();
		await new Promise(resolve => {
			setImmediate(resolve);
		});
	}

	await until(() => painted.at(-1) === 150);
	await sleep(20);
	assert.ok(painted.length - before <= 50 / 2, `painted ${painted.length - before} times for 50 spaced requests`);
	scheduler.dispose();
});

test('FrameScheduler flush paints at once, dispose cancels', async () => {
	let paints = 0;
	const scheduler = new FrameScheduler(() => paints++, 1000);
	scheduler.flush();
	assert.equal(paints, 0);
	scheduler.request();
	scheduler.flush();
	assert.equal(paints, 1);
	scheduler.request(); // now within the interval: waits for a timer
	scheduler.dispose();
	await sleep(20);
	assert.equal(paints, 1);
	scheduler.request();
	await sleep(5);
	assert.equal(paints, 1);
});

test('padAnsi truncates and pads to exact cells, wide characters included', async () => {
	assert.equal(padAnsi('abc', 5), 'abc  ');
	const cases: Array<[string, number, string]> = [
		['\u001B[31mabcdef\u001B[0m', 3, 'abc'],
		['a世b', 2, 'a'],
		['a世b', 3, 'a世'],
		['世界', 5, '世界'],
		['\u001B[44mblue', 8, 'blue'],
		['e\u0301x', 1, 'e\u0301'],
		['', 4, ''],
	];
	for (const [text, width, visible] of cases) {
		const padded = padAnsi(text, width);
		assert.equal(textWidth(padded), width, JSON.stringify(text));
		// Drawn on a terminal: the visible text, then blanks, and no style left over after the piece.
		const outer = newTerminal(10, 1);
		await write(outer, padded + 'Z');
		assert.equal(screenText(outer)[0], visible.padEnd(width - textWidth(visible) + visible.length) + 'Z');
		assert.equal(cellOf(outer, width, 0).isAttributeDefault(), true, JSON.stringify(text));
	}

	assert.equal(padAnsi('anything', 0), '');
});

async function sleep(ms: number): Promise<void> {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

async function until(condition: () => boolean): Promise<void> {
	const deadline = Date.now() + 2000;
	while (!condition()) {
		assert.ok(Date.now() < deadline, 'timed out');
		await sleep(1);
	}
}
