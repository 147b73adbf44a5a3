// The TUI's small pure pieces: layout, command-line splitting, mouse translation, outer terminal modes, config.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import xterm from '@xterm/headless';
import {ConfigError, loadConfig} from '../source/config.js';
import {RenderCache} from '../source/tui/chrome/render-cache.js';
import {splitCommandLine} from '../source/tui/command-line.js';
import {computeLayout} from '../source/tui/layout.js';
import {translateMouse} from '../source/tui/mouse.js';
import {modesOf, modeTransition, plainModes} from '../source/tui/outer-modes.js';
import {PaneMirror} from '../source/tui/pane.js';

test('layout: the pane is the terminal minus sidebar and status bar', () => {
	const layout = computeLayout(160, 48, 28);
	assert.deepEqual([layout.paneX, layout.paneColumns, layout.paneRows, layout.tooSmall], [28, 132, 47, false]);
	assert.equal(computeLayout(40, 48, 28).tooSmall, true);
	assert.equal(computeLayout(160, 4, 28).tooSmall, true);
});

test('command line: words, quotes and escapes as a shell splits them', () => {
	assert.deepEqual(splitCommandLine('bash --norc'), ['bash', '--norc']);
	assert.deepEqual(splitCommandLine(`sh -c 'echo "a b"; ls'`), ['sh', '-c', 'echo "a b"; ls']);
	assert.deepEqual(splitCommandLine(String.raw`echo a\ b "c\"d" ''`), ['echo', 'a b', 'c"d', '']);
	assert.deepEqual(splitCommandLine('   '), []);
	assert.throws(() => splitCommandLine('echo "oops'), /Unclosed " quote/);
});

test('mouse: reports move into pane coordinates; clicks outside the pane are dropped', () => {
	const area = {x: 28, y: 0, columns: 100, rows: 40};
	assert.equal(translateMouse('\u001B[<0;31;5M\u001B[<0;31;5m', area, 'SGR'), '\u001B[<0;3;5M\u001B[<0;3;5m');
	assert.equal(translateMouse('\u001B[<0;10;5M', area, 'SGR'), '');
	assert.equal(translateMouse('a\u001B[<0;29;41Mb', area, 'SGR'), 'ab');
	// X10 encoding: ESC [ M, then button, column and row offset by 32; a release is button 3.
	assert.equal(translateMouse('\u001B[<0;31;5M', area, 'DEFAULT'), '\u001B[M' + String.fromCharCode(32, 35, 37));
	assert.equal(translateMouse('\u001B[<0;31;5m', area, 'DEFAULT'), '\u001B[M' + String.fromCharCode(35, 35, 37));
});

test('outer modes follow what the child turned on, and back off again', async () => {
	const terminal = new xterm.Terminal({cols: 20, rows: 5, allowProposedApi: true});
	await new Promise<void>(resolve => {
		terminal.write('\u001B[?1h\u001B[?2004h\u001B[?1002h\u001B[?1006h', resolve);
	});
	const modes = modesOf(terminal);
	assert.deepEqual(modes, {...plainModes, applicationCursorKeys: true, bracketedPaste: true, mouse: 'drag'});
	const on = modeTransition(plainModes, modes);
	assert.equal(on, '\u001B[?1h\u001B[?2004h\u001B[?1002h\u001B[?1006h');
	assert.equal(modeTransition(modes, modes), '');
	assert.equal(modeTransition(modes, plainModes), '\u001B[?1l\u001B[?2004l\u001B[?1002l\u001B[?1006l');
	terminal.dispose();
});

test('mirror: a snapshot replaces the screen in one parse, never leaving it blank for a frame in between', async () => {
	let parsed = 0;
	const mirror = new PaneMirror('s', 20, 4, () => parsed++, () => {});
	const firstLine = () => mirror.terminal.buffer.active.getLine(mirror.terminal.buffer.active.baseY)!.translateToString(true);
	const settle = async () => new Promise<void>(resolve => {
		mirror.terminal.write('', resolve);
	});
	mirror.write('old line 1\r\nold line 2\r\n\u001B[?2004h');
	await settle();
	mirror.replace('new screen', 20, 4);
	// Before the snapshot is parsed, a paint would still see the old screen, not an empty one.
	assert.equal(firstLine(), 'old line 1');
	await settle();
	assert.equal(firstLine(), 'new screen');
	assert.equal(mirror.terminal.buffer.active.baseY, 0, 'no history left from before');
	assert.equal(mirror.terminal.modes.bracketedPasteMode, false, 'modes start over too');
	assert.ok(parsed >= 2);
	mirror.dispose();
});

test('config: absent is empty, wrong types and bad JSON are clear errors', () => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-config-'));
	const file = path.join(directory, 'config.json');
	try {
		assert.deepEqual(loadConfig(file), {});
		fs.writeFileSync(file, '{"prefix": "C-a", "sidebarWidth": 30, "other": 1}');
		assert.deepEqual(loadConfig(file), {prefix: 'C-a', sidebarWidth: 30});
		fs.writeFileSync(file, '{"prefix": 3}');
		assert.throws(() => loadConfig(file), (error: Error) => error instanceof ConfigError && /"prefix" must be a string/.test(error.message));
		fs.writeFileSync(file, '{nope');
		assert.throws(() => loadConfig(file), /not valid JSON/);
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

test('render cache: a key renders once, the least recently used goes first', () => {
	const cache = new RenderCache(2);
	let renders = 0;
	const render = (text: string) => () => {
		renders++;
		return [text];
	};

	assert.deepEqual(cache.get('a', render('A')), ['A']);
	assert.deepEqual(cache.get('a', render('other')), ['A']);
	cache.get('b', render('B'));
	cache.get('a', render('A'));
	cache.get('c', render('C'));
	assert.equal(renders, 3);
	// 'b' was the least recently used when 'c' came in.
	assert.deepEqual(cache.get('b', render('B again')), ['B again']);
	assert.deepEqual(cache.get('a', render('A again')), ['A again'], "'a' went when 'b' came back");
	assert.equal(renders, 5);
});
