// Recordings rendered through a real terminal: the last screen, the full history as text, and grep with times.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import serializeAddon from '@xterm/addon-serialize';
import xterm from '@xterm/headless';
import {recordingFiles} from '../../source/history/asciicast.js';
import {CastWriter} from '../../source/history/cast-writer.js';
import {grepHistory} from '../../source/history/grep.js';
import {lastScreen} from '../../source/history/last-screen.js';
import {historyLines, renderHistory} from '../../source/history/render.js';
import {preambleScrollback} from '../../source/daemon/history.js';
import {serializeScreen} from '../../source/xterm-internals.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-history-render-'));
after(() => {
	fs.rmSync(root, {recursive: true, force: true});
});
let counter = 0;
const newFile = () => {
	const directory = path.join(root, `t${++counter}`);
	fs.mkdirSync(directory, {recursive: true});
	return path.join(directory, 'output.cast');
};

type Step = {type: 'o'; data: string} | {type: 'r'; cols: number; rows: number};

// What a busy session prints: a prompt in colours, a long listing, progress bars drawn with \r, a full-screen
// program in the alternate screen, clear screen, cursor moves, scroll regions, insert/delete lines, 256-colour
// and truecolour, long lines that wrap, and resizes narrower and wider.
function realisticStream(): Step[] {
	const steps: Step[] = [];
	const o = (data: string) => steps.push({type: 'o', data});
	const prompt = '\u001B[1;32muser@host\u001B[0m:\u001B[1;34m~/project\u001B[0m$ ';
	o(`${prompt}ls --color\r\n`);
	for (let i = 0; i < 150; i++) {
		o(`\u001B[3${i % 8}mfile-${i}.txt\u001B[0m${i % 5 === 0 ? ' \u001B[1mbold\u001B[22m' : ''}\r\n`);
	}

	o(`${prompt}make\r\n`);
	for (let k = 0; k <= 100; k += 5) {
		o(`\rbuilding [${'#'.repeat(k / 5).padEnd(20)}] ${k}%`);
	}

	o('\r\n\u001B[38;5;208morange 256\u001B[0m \u001B[48;2;10;20;30mtruecolour bg\u001B[0m\r\n');
	o(`${'L'.repeat(230)}\r\n`);
	o('\u001B[?1049h\u001B[H\u001B[2J\u001B[1;1Hfull-screen editor\u001B[10;10H\u001B[7mselected\u001B[27m');
	o('\u001B[24;1H-- INSERT --');
	o('\u001B[?1049l');
	steps.push({type: 'r', cols: 100, rows: 30});
	o(`${prompt}clear\r\n`);
	o('\u001B[H\u001B[2J');
	o('after clear: top line\r\n\u001B[5;10H\u001B[4munderlined at 5,10\u001B[24m\u001B[1A\u001B[3Dup');
	o('\u001B[8;1Hscroll region:\r\n\u001B[9;20r\u001B[20;1H');
	for (let i = 0; i < 15; i++) {
		o(`region line ${i}\r\n`);
	}

	o('\u001B[r\u001B[22;1H\u001B[2Linserted above\u001B[1M\u001B[K');
	steps.push({type: 'r', cols: 60, rows: 20});
	for (let i = 0; i < 120; i++) {
		o(`log ${String(i).padStart(4, '0')} ${'word '.repeat(i % 17)}\r\n`);
	}

	steps.push({type: 'r', cols: 90, rows: 25});
	o(`${'W'.repeat(200)}\r\n`);
	o(`${prompt}echo 漢字 wide\r\n漢字 wide\r\n${prompt}\u001B[?25l`);
	return steps;
}

async function feed(terminal: xterm.Terminal, steps: Step[]): Promise<void> {
	for (const step of steps) {
		await new Promise<void>(resolve => {
			if (step.type === 'o') {
				terminal.write(step.data, resolve);
			} else {
				terminal.resize(step.cols, step.rows);
				resolve();
			}
		});
	}
}

async function record(file: string, steps: Step[], options: {now?: () => number} = {}): Promise<void> {
	const writer = new CastWriter({file, width: 80, height: 24, command: 'bash', title: 'test', ...options});
	for (const step of steps) {
		if (step.type === 'o') {
			writer.output(step.data);
		} else {
			writer.resize(step.cols, step.rows);
		}
	}

	await writer.close();
}

function cursorHidden(terminal: xterm.Terminal): boolean {
	return Boolean((terminal as unknown as {_core: {coreService: {isCursorHidden: boolean}}})._core.coreService.isCursorHidden);
}

// Every visible cell: character, width and the attributes a person would see.
function screenCells(terminal: xterm.Terminal): string[] {
	const rows: string[] = [];
	const buffer = terminal.buffer.active;
	for (let y = 0; y < terminal.rows; y++) {
		const line = buffer.getLine(buffer.baseY + y);
		const cells: string[] = [];
		for (let x = 0; x < terminal.cols; x++) {
			const cell = line?.getCell(x);
			if (!cell) {
				continue;
			}

			cells.push(
				[
					cell.getChars(),
					cell.getWidth(),
					cell.getFgColorMode(),
					cell.getFgColor(),
					cell.getBgColorMode(),
					cell.getBgColor(),
					cell.isBold(),
					cell.isUnderline(),
					cell.isInverse(),
				].join(','),
			);
		}

		rows.push(cells.join('|'));
	}

	return rows;
}

// The reference history: a terminal that never forgets (huge scrollback), as logical lines.
function logicalLines(terminal: xterm.Terminal): string[] {
	const buffer = terminal.buffer.normal;
	const lines: string[] = [];
	for (let y = 0; y < buffer.length; y++) {
		const line = buffer.getLine(y)!;
		const continues = buffer.getLine(y + 1)?.isWrapped === true;
		const text = line.translateToString(!continues);
		if (line.isWrapped && lines.length > 0) {
			lines[lines.length - 1] += text;
		} else {
			lines.push(text);
		}
	}

	while (lines.at(-1) === '') {
		lines.pop();
	}

	return lines;
}

test('lastScreen: a recording rebuilds the same final screen as the stream fed straight into a terminal', async () => {
	const steps = realisticStream();
	const file = newFile();
	await record(file, steps);
	const direct = new xterm.Terminal({cols: 80, rows: 24, scrollback: 1000, allowProposedApi: true});
	await feed(direct, steps);

	const screen = await lastScreen(await recordingFiles(file));
	assert.ok(screen);
	assert.deepEqual([screen.cols, screen.rows], [90, 25]);
	const rebuilt = new xterm.Terminal({cols: screen.cols, rows: screen.rows, allowProposedApi: true});
	await new Promise<void>(resolve => {
		rebuilt.write(screen.snapshot, resolve);
	});
	assert.deepEqual(screenCells(rebuilt), screenCells(direct));
	const buffer = direct.buffer.active;
	assert.deepEqual(screen.cursor, {x: buffer.cursorX, y: buffer.cursorY, visible: false});
	assert.deepEqual([rebuilt.buffer.active.cursorX, rebuilt.buffer.active.cursorY], [buffer.cursorX, buffer.cursorY]);
	assert.equal(cursorHidden(rebuilt), true);
	assert.match(screen.text, /漢字 wide\nuser@host:~\/project\$/);
	direct.dispose();
	rebuilt.dispose();
});

test('renderHistory: the whole history as it looked, lines not escape soup, in bounded memory', async () => {
	const steps = realisticStream();
	const file = newFile();
	await record(file, steps);
	const reference = new xterm.Terminal({
		cols: 80,
		rows: 24,
		scrollback: 100_000,
		allowProposedApi: true,
		scrollOnEraseInDisplay: true,
	});
	await feed(reference, steps);
	const expected = logicalLines(reference);
	// A working scrollback far smaller than the history: lines are harvested as they scroll off.
	const text = await renderHistory(file, {scrollback: 100});
	assert.equal(text, expected.join('\n') + '\n');
	assert.doesNotMatch(text, /\u001B/);
	const lines = text.split('\n');
	assert.equal(lines[0], 'user@host:~/project$ ls --color');
	assert.ok(lines.includes('file-149.txt'));
	assert.ok(lines.includes(`building [${'#'.repeat(20)}] 100%`), 'a progress bar shows as it ended');
	assert.ok(lines.includes('L'.repeat(230)), 'wrapped rows are joined into one line');
	assert.ok(lines.includes('after clear: top line'));
	assert.ok(!lines.some(line => line.includes('full-screen editor')), 'the alternate screen is not history');
	assert.ok(lines.includes('W'.repeat(200)));
	reference.dispose();
});

test('rotated generations render as one history, and the last screen comes from the newest preamble', async () => {
	const steps = realisticStream();
	const file = newFile();
	// A session's own terminal, as the daemon has it: the preamble is its snapshot at the rotation point.
	const session = new xterm.Terminal({cols: 80, rows: 24, scrollback: 1000, allowProposedApi: true});
	const serializer = new serializeAddon.SerializeAddon();
	session.loadAddon(serializer);
	const unparsed: string[] = [];
	const writer = new CastWriter({
		file,
		width: 80,
		height: 24,
		maxBytes: 3000,
		flushBytes: 200,
		// As the daemon's Session.snapshot makes it: the parsed screen with some history above it, then what is unparsed.
		preamble: () => serializeScreen(session, serializer, preambleScrollback) + unparsed.join(''),
	});
	for (const step of steps) {
		if (step.type === 'o') {
			unparsed.push(step.data);
			session.write(step.data, () => unparsed.shift());
			writer.output(step.data);
		} else {
			await new Promise<void>(resolve => {
				session.write('', resolve);
			});
			session.resize(step.cols, step.rows);
			writer.resize(step.cols, step.rows);
		}

		// Each step written out before the next, so the rotations happen at the same points on any machine (batching
		// by timing alone made their number vary with the machine's speed).
		await writer.flush();
	}

	await writer.close();
	await new Promise<void>(resolve => {
		session.write('', resolve);
	});
	assert.ok(writer.stats.rotations >= 3, `rotated ${writer.stats.rotations} times`);
	const files = await recordingFiles(file);
	assert.equal(files.length, 2);

	const screen = await lastScreen(files);
	const rebuilt = new xterm.Terminal({cols: screen!.cols, rows: screen!.rows, allowProposedApi: true});
	await new Promise<void>(resolve => {
		rebuilt.write(screen!.snapshot, resolve);
	});
	assert.deepEqual(screenCells(rebuilt), screenCells(session));

	// The history of the kept generations ends as the session's screen does, with no line repeated at the seam
	// (the newest file's preamble is skipped after its predecessor was played).
	const history = (await renderHistory(files)).slice(0, -1).split('\n');
	const sessionLines = logicalLines(session);
	assert.deepEqual(history.slice(-10), sessionLines.slice(-10));
	const logLines = history.filter(line => line.startsWith('log '));
	assert.equal(new Set(logLines).size, logLines.length);
	session.dispose();
	rebuilt.dispose();
});

test('grep finds a line printed 50,000 lines ago, with the time it was printed', async () => {
	const file = newFile();
	const start = 1_700_000_000_000;
	let now = start;
	const writer = new CastWriter({file, width: 80, height: 24, now: () => now});
	writer.output('\u001B[1mthe needle\u001B[0m: deploy key rotated\r\n');
	for (let block = 0; block < 500; block++) {
		now += 1000;
		let text = '';
		for (let i = 0; i < 100; i++) {
			text += `haystack ${block * 100 + i}\r\n`;
		}

		writer.output(text);
	}

	await writer.close();
	const matches = [];
	for await (const match of grepHistory(/needle/, await recordingFiles(file))) {
		matches.push(match);
	}

	assert.deepEqual(matches, [{line: 'the needle: deploy key rotated', lineNumber: 1, time: new Date(start)}]);

	const middle = [];
	for await (const match of grepHistory(/^haystack 25000$/g, file, {maxMatches: 1})) {
		middle.push(match);
	}

	assert.deepEqual(middle, [{line: 'haystack 25000', lineNumber: 25_002, time: new Date(start + 251_000)}]);

	let count = 0;
	for await (const line of historyLines(file)) {
		count++;
		assert.equal(line.lineNumber, count);
	}

	assert.equal(count, 50_001);
});

test('line times follow the event that wrote each line, also after a resize', async () => {
	const file = newFile();
	const start = 1_700_000_500_000;
	let now = start;
	const writer = new CastWriter({file, width: 40, height: 5, now: () => now});
	for (let i = 0; i < 30; i++) {
		now = start + i * 1000;
		writer.output(`t${i}\r\n`);
		if (i === 15) {
			writer.resize(20, 4);
		}
	}

	await writer.close();
	const lines = [];
	for await (const line of historyLines(file)) {
		lines.push(line);
	}

	assert.deepEqual(
		lines.map(line => [line.text, (line.time.getTime() - start) / 1000]),
		Array.from({length: 30}, (_, i) => [`t${i}`, i]),
	);
});
