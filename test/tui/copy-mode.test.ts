// Copy mode's pure pieces, in process: rows and search across wrapped lines, the cursor, selection and key tables,
// highlights drawn over styled rows, where memory starts in a recording, pasting, the line editor.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {memoryStart} from '../../source/daemon/archive.js';
import {pasteInput} from '../../source/daemon/copy-methods.js';
import {findText, matchesIn, type Place, type TextMatch, type TextRows, wrapLine, wrapLines} from '../../source/terminal/text-rows.js';
import {defaultCopyKeys} from '../../source/tui/copy-keys.js';
import {CopyMode} from '../../source/tui/copy-mode.js';
import {decodeKeys} from '../../source/tui/keys.js';
import {editLine, lineEdit} from '../../source/tui/line-editor.js';
import {plainRow} from '../../source/tui/plain-row.js';
import {overlayRow} from '../../source/tui/row-overlay.js';
import {textWidth} from '../../source/tui/ansi-width.js';

function rowsOf(lines: string[], cols: number): TextRows & {texts: string[]} {
	const {texts, wrappedRows} = wrapLines(lines, cols);
	return {texts, count: texts.length, text: row => texts[row], wrapped: row => wrappedRows[row] === true};
}

function typeKeys(mode: CopyMode, data: string) {
	return decodeKeys(data).map(key => mode.key(key));
}

test('rows: a line wraps by cells, a wide character never straddles two rows', () => {
	assert.deepEqual(wrapLine('abcdef', 4), ['abcd', 'ef']);
	assert.deepEqual(wrapLine('abc世界', 4), ['abc', '世界']);
	assert.deepEqual(wrapLine('', 4), ['']);
});

test('search: finds text across a wrapped line, in cells, both ways, case-insensitive unless capitals', () => {
	const rows = rowsOf(['first line', 'xx世needle-across', 'last Needle'], 8);
	// 'xx世need' | 'le-acros' | 's': the match starts after the wide character (cell 4) and ends on the next row.
	assert.deepEqual(rows.texts.slice(2, 5), ['xx世need', 'le-acros', 's']);
	const forward = findText(rows, 'needle', {from: {row: 0, col: 0}});
	assert.deepEqual(forward.match, {start: {row: 2, col: 4}, end: {row: 3, col: 2}});
	const again = findText(rows, 'needle', {from: forward.match!.start});
	assert.deepEqual(again.match?.start, {row: 5, col: 5});
	assert.equal(findText(rows, 'Needle', {from: {row: 0, col: 0}}).match?.start.row, 5, 'a capital makes it case-sensitive');
	const back = findText(rows, 'needle', {from: {row: 5, col: 5}, backward: true});
	assert.deepEqual(back.match?.start, {row: 2, col: 4});
	assert.equal(findText(rows, 'needle', {from: {row: 2, col: 4}, backward: true}).match, undefined);
	// Characters that mean something in a pattern are text.
	assert.equal(findText(rowsOf(['a.b a-b (x)'], 80), '(x)', {from: {row: 0, col: -1}}).match?.start.col, 8);
	assert.equal(matchesIn(rows, 'i', 0, 1).length, 2);
});

test('search: a budget of rows stops early and says where to go on', () => {
	const rows = rowsOf([...Array.from({length: 100}, (_, index) => `row ${index}`), 'target'], 80);
	const first = findText(rows, 'target', {from: {row: 0, col: -1}, maxRows: 10});
	assert.equal(first.match, undefined);
	assert.ok(!first.match && first.next && first.next.row === 10);
	let place: Place | undefined = first.next;
	let found: TextMatch | undefined;
	while (place && !found) {
		const step = findText(rows, 'target', {from: place, maxRows: 10});
		found = step.match;
		place = step.match ? undefined : step.next;
	}

	assert.deepEqual(found?.start, {row: 100, col: 0});
});

test('memory is found in the recording where its first lines are, else by its length', () => {
	const recorded = ['a', 'b', 'c', 'one', 'two', 'three', 'four', ''];
	assert.equal(memoryStart(recorded, ['one', 'two', 'three', 'four']), 3);
	// Memory with a cleared screen the recording also kept: still found by its lines.
	assert.equal(memoryStart(recorded, ['two', 'three', 'four', '', '']), 4);
	assert.equal(memoryStart(recorded, ['nothing', 'alike']), 6);
});

test('copy mode: vi keys move by words and lines, select across a wrapped line without a newline in it', () => {
	const rows = rowsOf(['$ echo hello-world', 'a long line that wraps here', 'end'], 20);
	const mode = new CopyMode(rows, 'vi', {cols: 20, height: 2}, {top: 0, cursor: {row: 0, col: 0}});
	typeKeys(mode, 'ww');
	assert.deepEqual(mode.cursor, {row: 0, col: 7});
	typeKeys(mode, 'e');
	assert.deepEqual(mode.cursor, {row: 0, col: 11}, 'e stops at the end of "hello"');
	typeKeys(mode, 'j0v$j$');
	// From the start of the long line ('a long line that wra' | 'ps here') to its end: one line, no newline.
	const [effect] = typeKeys(mode, 'y');
	assert.deepEqual(effect, {type: 'copy', text: 'a long line that wraps here', exit: true});
	assert.equal(mode.top, 1, 'the view followed the cursor');
});

test('copy mode: line and rectangle selections, the other end, Escape clears then leaves', () => {
	const rows = rowsOf(['alpha  ', 'bravo', 'charlie'], 20);
	const mode = new CopyMode(rows, 'vi', {cols: 20, height: 3}, {top: 0, cursor: {row: 0, col: 1}});
	typeKeys(mode, 'Vj');
	assert.equal(mode.selectedText(), 'alpha\nbravo');
	typeKeys(mode, 'V');
	assert.equal(mode.selection, undefined, 'V again ends a line selection');
	typeKeys(mode, 'v\u0016jll');
	assert.equal(mode.selectedText(), 'rav\nhar');
	typeKeys(mode, 'o');
	assert.deepEqual(mode.cursor, {row: 1, col: 1});
	assert.deepEqual(typeKeys(mode, '\u001B'), [undefined]);
	assert.deepEqual(typeKeys(mode, '\u001B'), [{type: 'exit'}]);
});

test('copy mode: emacs keys, and the search prompt', () => {
	const rows = rowsOf(['one two three', 'four five'], 20);
	const mode = new CopyMode(rows, 'emacs', {cols: 20, height: 2}, {top: 0, cursor: {row: 1, col: 0}});
	typeKeys(mode, '\u0010\u001Bf');
	assert.deepEqual(mode.cursor, {row: 0, col: 2}, 'C-p then M-f: to the end of the word');
	const effects = typeKeys(mode, '\u0012thr\r');
	assert.deepEqual(effects.at(-1), {type: 'search', query: 'thr', backward: true, from: {row: 0, col: 2}});
	assert.equal(mode.prompt, undefined);
	mode.found({start: {row: 0, col: 8}, end: {row: 0, col: 11}}, 'thr');
	typeKeys(mode, '\u0000\u0005');
	assert.deepEqual(typeKeys(mode, '\u001Bw'), [{type: 'copy', text: 'three', exit: true}]);
	assert.deepEqual(mode.matchHighlights(0, 1).get(0), [{from: 8, to: 11, kind: 'current'}]);
});

test('copy mode keys default to vi when $VISUAL or $EDITOR is a vi, as tmux', () => {
	assert.equal(defaultCopyKeys({VISUAL: '/usr/bin/nvim'}), 'vi');
	assert.equal(defaultCopyKeys({EDITOR: 'vim -u NONE'}), 'vi');
	assert.equal(defaultCopyKeys({EDITOR: 'emacs'}), 'emacs');
	assert.equal(defaultCopyKeys({}), 'emacs');
});

test('highlights: drawn over a styled row, the program\'s style kept around them, widths unchanged', () => {
	const row = '\u001B[0;31mred\u001B[0m plain \u001B]8;;http://x\u001B\\link\u001B]8;;\u001B\\ 世界';
	const drawn = overlayRow(row, [{from: 1, to: 5, kind: 'selection'}], 80);
	assert.equal(plainRow(drawn), plainRow(row));
	assert.equal(textWidth(drawn), textWidth(row));
	assert.ok(drawn.startsWith('\u001B[0;31mr\u001B[0;30;43med p'), JSON.stringify(drawn));
	assert.ok(drawn.includes('\u001B]8;;http://x\u001B\\'), 'the link stays');
	// Past the text: blanks in the highlight's style.
	assert.equal(plainRow(overlayRow('ab', [{from: 0, to: 4, kind: 'match'}], 80)), 'ab  ');
});

test('paste: newlines become Enter, bracketed when asked, markers in the text cannot end the paste', () => {
	assert.equal(pasteInput('a\nb\r\nc', false), 'a\rb\rc');
	assert.equal(pasteInput('x\u001B[201~rm -rf\n', true), '\u001B[200~xrm -rf\r\u001B[201~');
});

test('line editor: the cursor moves and text goes in where it is', () => {
	let line = lineEdit('helo');
	for (const key of decodeKeys('\u001B[Dl\u0001>\u0005!')) {
		line = editLine(line, key) ?? line;
	}

	assert.deepEqual(line, {text: '>hello!', cursor: 7});
	for (const key of decodeKeys('\u0002\u0002\u000B')) {
		line = editLine(line, key) ?? line;
	}

	assert.deepEqual(line, {text: '>hell', cursor: 5});
	assert.equal(editLine(line, decodeKeys('\r')[0]!), undefined);
});
