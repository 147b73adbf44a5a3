// The snapshot every client and recording starts from: a fresh terminal fed it must go on exactly as the original
// does with whatever output comes next.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import serializeAddon from '@xterm/addon-serialize';
import xterm from '@xterm/headless';
import {scrollRegion, serializeScreen} from '../source/xterm-internals.js';

const write = async (terminal: xterm.Terminal, data: string) =>
	new Promise<void>(resolve => {
		terminal.write(data, resolve);
	});

const screen = (terminal: xterm.Terminal) =>
	Array.from({length: terminal.rows}, (_, y) => terminal.buffer.active.getLine(terminal.buffer.active.baseY + y)!.translateToString(true));

async function continuesLikeTheOriginal(setup: string, next: string): Promise<void> {
	const original = new xterm.Terminal({cols: 30, rows: 10, allowProposedApi: true});
	const serializer = new serializeAddon.SerializeAddon();
	original.loadAddon(serializer);
	await write(original, setup);
	const copy = new xterm.Terminal({cols: 30, rows: 10, allowProposedApi: true});
	await write(copy, serializeScreen(original, serializer, 0));
	assert.deepEqual(screen(copy), screen(original), 'the snapshot itself');
	await write(original, next);
	await write(copy, next);
	assert.deepEqual(screen(copy), screen(original), 'the output after it');
	assert.deepEqual([copy.buffer.active.cursorX, copy.buffer.active.cursorY], [original.buffer.active.cursorX, original.buffer.active.cursorY]);
}

test('a snapshot keeps the scroll region, so output after it scrolls only the region', async () => {
	const lines = Array.from({length: 12}, (_, i) => `line ${i}\r\n`).join('');
	await continuesLikeTheOriginal('title\r\n\u001B[3;7r\u001B[7;1H', lines);
	const terminal = new xterm.Terminal({cols: 30, rows: 10, allowProposedApi: true});
	await write(terminal, '\u001B[3;7r');
	assert.deepEqual(scrollRegion(terminal), {top: 2, bottom: 6});
	await write(terminal, '\u001B[r');
	assert.equal(scrollRegion(terminal), undefined);
});

test('a snapshot in origin mode puts the cursor back where it was, relative to the region', async () => {
	await continuesLikeTheOriginal('\u001B[2;8r\u001B[?6h\u001B[3;4Hhere', 'and more\r\nnext');
});

test('a snapshot without a region or origin mode is the serialize addon\'s, plus a hidden cursor', async () => {
	await continuesLikeTheOriginal('plain\r\ntext\u001B[?25l', ' after');
});
