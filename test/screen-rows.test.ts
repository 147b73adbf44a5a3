// viewportRows is checked the way a person would see it: its rows, written into a second terminal, must give
// back the very same cells (characters, widths, colours, attributes) as the terminal they came from.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import xterm from '@xterm/headless';
import {cursorState, viewportRows} from '../source/tui/screen-rows.js';

const newTerminal = (cols: number, rows: number, scrollback = 0) =>
	new xterm.Terminal({cols, rows, scrollback, allowProposedApi: true});

const write = async (terminal: xterm.Terminal, data: string) =>
	new Promise<void>(resolve => {
		terminal.write(data, resolve);
	});

// An empty cell and a space look the same; rows draw blanks as spaces.
function describeCell(cell: xterm.IBufferCell): string {
	return JSON.stringify({
		chars: cell.getChars() || ' ',
		width: cell.getWidth(),
		fgMode: cell.getFgColorMode(),
		fg: cell.getFgColor(),
		bgMode: cell.getBgColorMode(),
		bg: cell.getBgColor(),
		bold: cell.isBold(),
		dim: cell.isDim(),
		italic: cell.isItalic(),
		underline: cell.isUnderline(),
		blink: cell.isBlink(),
		inverse: cell.isInverse(),
		invisible: cell.isInvisible(),
		strikethrough: cell.isStrikethrough(),
		overline: cell.isOverline(),
	});
}

function screenCells(terminal: xterm.Terminal): string[][] {
	const buffer = terminal.buffer.active;
	const cell = buffer.getNullCell();
	const screen: string[][] = [];
	for (let y = 0; y < terminal.rows; y++) {
		const line = buffer.getLine(buffer.viewportY + y)!;
		const cells: string[] = [];
		for (let x = 0; x < terminal.cols; x++) {
			cells.push(describeCell(line.getCell(x, cell)!));
		}

		screen.push(cells);
	}

	return screen;
}

// Writes each row at its place and checks it filled exactly the row: a row one cell too wide would wrap.
async function replay(rows: string[], cols: number): Promise<xterm.Terminal> {
	const target = newTerminal(cols, rows.length);
	for (const [index, row] of rows.entries()) {
		await write(target, `\u001B[${index + 1};1H${row}`);
		assert.equal(target.buffer.active.cursorY, index, `row ${index} wrapped`);
		assert.equal(target.buffer.active.cursorX, cols, `row ${index} is not ${cols} cells wide`);
	}

	return target;
}

const plain = (row: string) => row.replaceAll(/\u001B\[[\d;]*m/g, '');

const styledContent = [
	'\u001B[31mred\u001B[91mbright\u001B[38;5;1mp1\u001B[38;5;200mp200\u001B[38;2;10;20;30mrgb\u001B[0m plain',
	'\u001B[41m bg \u001B[103mB\u001B[48;5;33mC\u001B[48;2;200;100;50mD\u001B[0m \u001B[42m   \u001B[0m gap',
	'\u001B[1mbold\u001B[22;3mital\u001B[23;4mund\u001B[24;7minv\u001B[27;2mdim\u001B[22;9mstr\u001B[29;53mov\u001B[55;5mbl\u001B[25;8mhid\u001B[0m',
	'wide 世界 e\u0301 done \u001B[1;38;2;255;0;128;48;5;17;7mall\u001B[0m',
	'\u001B[44m\u001B[Kblue line to the end\u001B[0m',
	'x'.repeat(39) + '世 wrapped',
].join('\r\n');

test('rows written into another terminal reproduce every cell', async () => {
	const source = newTerminal(40, 10);
	await write(source, styledContent);
	const rows = viewportRows(source);
	assert.equal(rows.length, 10);
	for (const row of rows) {
		assert.ok(row.startsWith('\u001B[0m') && row.endsWith('\u001B[0m'));
	}

	const target = await replay(rows, 40);
	const expected = screenCells(source);
	const actual = screenCells(target);
	let compared = 0;
	for (let y = 0; y < 10; y++) {
		for (let x = 0; x < 40; x++) {
			assert.equal(actual[y]![x], expected[y]![x], `cell ${x},${y}`);
			compared++;
		}
	}

	assert.equal(compared, 400);
	// The content really was there to compare (not two blank screens).
	assert.match(plain(rows[3]!), /wide 世界 e\u0301 done/);
	assert.equal(JSON.parse(actual[4]![39]!).bg, 4, 'blank cells keep their background');
});

test('attributes are written only when they change', async () => {
	const source = newTerminal(20, 2);
	await write(source, '\u001B[31mabcdefgh\u001B[0m');
	const [row] = viewportRows(source);
	// The opening reset, one SGR for the red run, one back to default, the closing reset.
	assert.equal(row!.match(/\u001B\[[\d;]*m/g)!.length, 4);
	assert.equal(plain(row!), 'abcdefgh'.padEnd(20));
});

test('scrollUp shows older lines, clamped at the top of the history', async () => {
	const source = newTerminal(20, 5, 100);
	await write(source, Array.from({length: 20}, (_, index) => `line ${index}`).join('\r\n'));
	assert.equal(plain(viewportRows(source)[0]!).trimEnd(), 'line 15');
	const scrolled = viewportRows(source, 3);
	assert.deepEqual(
		scrolled.map(row => plain(row).trimEnd()),
		['line 12', 'line 13', 'line 14', 'line 15', 'line 16'],
	);
	assert.equal(plain(viewportRows(source, 1000)[0]!).trimEnd(), 'line 0');
	await replay(scrolled, 20);
});

test('the alternate screen is rendered when active', async () => {
	const source = newTerminal(20, 3, 100);
	await write(source, 'normal\r\n\u001B[?1049h\u001B[Halternate');
	assert.equal(plain(viewportRows(source)[0]!).trimEnd(), 'alternate');
	await write(source, '\u001B[?1049l');
	assert.equal(plain(viewportRows(source)[0]!).trimEnd(), 'normal');
});

test('cursorState follows position and DECTCEM', async () => {
	const source = newTerminal(20, 5);
	await write(source, '\u001B[3;5H');
	assert.deepEqual(cursorState(source), {x: 4, y: 2, visible: true});
	await write(source, '\u001B[?25l\u001B[1;20Hz');
	assert.deepEqual(cursorState(source), {x: 19, y: 0, visible: false});
	await write(source, '\u001B[?25h');
	assert.equal(cursorState(source).visible, true);
});
