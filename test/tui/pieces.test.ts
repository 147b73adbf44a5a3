// The TUI's small pure pieces: layout, command-line splitting, mouse translation, outer terminal modes, config.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {ConfigError, loadConfig} from '../../source/config.js';
import {RenderCache} from '../../source/tui/chrome/render-cache.js';
import {splitCommandLine} from '../../source/tui/command-line.js';
import {computeLayout} from '../../source/tui/layout.js';
import {translateMouse} from '../../source/tui/mouse.js';
import {modeTransition, plainModes} from '../../source/tui/outer-modes.js';
import {PaneScreen, plainScreenModes} from '../../source/tui/pane.js';
import {TerminalReplies, defaultLook} from '../../source/terminal/replies.js';
import {ScreenReader, screenUpdate} from '../../source/terminal/screen.js';
import {newTerminal, write} from '../helpers/screen.js';

test('layout: the pane is the terminal minus sidebar and status bar', () => {
	const layout = computeLayout(160, 48, 28);
	assert.deepEqual([layout.paneX, layout.paneColumns, layout.paneRows, layout.tooSmall], [28, 132, 47, false]);
	// Too narrow for the full sidebar: the 4-column strip; hidden (prefix z): none.
	assert.deepEqual([computeLayout(80, 24, 28).sidebar, computeLayout(80, 24, 28).paneColumns], ['strip', 76]);
	assert.deepEqual([computeLayout(160, 48, 28, true).paneX, computeLayout(160, 48, 28, true).paneColumns], [0, 160]);
	assert.equal(computeLayout(23, 48, 28).tooSmall, true);
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
	assert.equal(translateMouse('\u001B[<0;31;5M\u001B[<0;31;5m', area, 'sgr'), '\u001B[<0;3;5M\u001B[<0;3;5m');
	assert.equal(translateMouse('\u001B[<0;10;5M', area, 'sgr'), '');
	assert.equal(translateMouse('a\u001B[<0;29;41Mb', area, 'sgr'), 'ab');
	// X10 encoding: ESC [ M, then button, column and row offset by 32; a release is button 3.
	assert.equal(translateMouse('\u001B[<0;31;5M', area, 'default'), '\u001B[M' + String.fromCharCode(32, 35, 37));
	assert.equal(translateMouse('\u001B[<0;31;5m', area, 'default'), '\u001B[M' + String.fromCharCode(35, 35, 37));
});

test('outer modes follow what the program turned on, and back off again', async () => {
	const terminal = newTerminal(20, 5);
	const reader = new ScreenReader(terminal, new TerminalReplies(terminal, () => defaultLook));
	await write(terminal, '\u001B[?1h\u001B[?2004h\u001B[?1002h\u001B[?1006h\u001B[>1u');
	const {modes: screenModes} = reader.read();
	assert.deepEqual(screenModes, {...plainScreenModes, applicationCursorKeys: true, bracketedPaste: true, mouse: 'drag', mouseEncoding: 'sgr', kittyKeyboard: 1});
	const modes = {...plainModes, ...screenModes};
	const on = modeTransition(plainModes, modes);
	assert.equal(on, '\u001B[?1h\u001B[?2004h\u001B[?1002h\u001B[?1006h');
	assert.equal(modeTransition(modes, modes), '');
	assert.equal(modeTransition(modes, plainModes), '\u001B[?1l\u001B[?2004l\u001B[?1002l\u001B[?1006l');
	terminal.dispose();
});

test('pane: an update replaces the rows that changed; a resize starts over', async () => {
	const terminal = newTerminal(20, 4);
	const reader = new ScreenReader(terminal, undefined);
	await write(terminal, 'one\r\ntwo\r\nthree');
	const first = reader.read();
	const pane = new PaneScreen('s', screenUpdate('s', undefined, first));
	assert.deepEqual(pane.lines, ['one', 'two', 'three', '']);
	await write(terminal, '\u001B[2;1HTWO\u0007');
	const second = reader.read();
	const update = screenUpdate('s', first, second);
	assert.deepEqual(update.lines, [[1, 'TWO']], 'only the changed row travels');
	assert.equal(update.modes, undefined, 'modes only when they change');
	pane.apply(update);
	assert.deepEqual(pane.lines, ['one', 'TWO', 'three', '']);
	assert.deepEqual([pane.cursor.x, pane.cursor.y], [3, 1]);
	terminal.resize(10, 2);
	const resized = screenUpdate('s', second, reader.read());
	assert.equal(resized.full, true);
	pane.apply(resized);
	assert.equal(pane.lines.length, 2);
	assert.equal(pane.cols, 10);
	terminal.dispose();
});

test('config: absent is empty, wrong types and bad JSON are clear errors', () => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-config-'));
	const file = path.join(directory, 'config.json');
	try {
		assert.deepEqual(loadConfig(file), {});
		fs.writeFileSync(file, '{"prefix": "C-a", "sidebarWidth": 30, "sidebarwidth": 1}');
		assert.deepEqual(loadConfig(file), {prefix: 'C-a', sidebarWidth: 30, warnings: [`${file}: "sidebarwidth" is not an option; did you mean "sidebarWidth"? (ignored)`]});
		fs.writeFileSync(file, '{"prefix": 3}');
		assert.throws(() => loadConfig(file), (error: Error) => error instanceof ConfigError && error.message.startsWith(`${file}: "prefix" must be a key`));
		// Every problem at once, each with the file and the field.
		fs.writeFileSync(file, '{"sidebarWidth": 2, "copyKeys": "nano", "recordingGenerations": -1}');
		assert.throws(() => loadConfig(file), (error: Error) => error.message.startsWith('3 problems in the config file:')
			&& error.message.includes(`${file}: "sidebarWidth" must be a whole number from 12 to 80, not 2`)
			&& error.message.includes(`${file}: "copyKeys" must be "vi" or "emacs", not "nano"`)
			&& error.message.includes('recordingGenerations'));
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
