// The rows the daemon renders are checked the way a person would see them: written into a second terminal, they must
// give back the very same cells (characters, widths, colours, every attribute, links) as the terminal they came from.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type xterm from '@xterm/headless';
import {viewportRows} from '../../source/terminal/rows.js';
import {textWidth} from '../../source/tui/ansi-width.js';
import {differences, newTerminal, regionCells, write} from '../helpers/screen.js';

// Writes each row at its place and checks it took exactly the cells it measures: a row wider than it says would
// shift everything after it, one wider than the screen would wrap.
async function replay(rows: string[], cols: number): Promise<xterm.Terminal> {
	const target = newTerminal(cols, rows.length);
	for (const [index, row] of rows.entries()) {
		await write(target, `\u001B[${index + 1};1H${row}`);
		assert.equal(target.buffer.active.cursorY, index, `row ${index} wrapped`);
		assert.equal(target.buffer.active.cursorX, textWidth(row), `row ${index} is not as wide as it measures`);
		assert.ok(textWidth(row) <= cols, `row ${index} is wider than the screen`);
	}

	return target;
}

const plain = (row: string) => row.replaceAll(/\u001B\[[\d;:]*m/g, '').replaceAll(/\u001B\]8;[^\u001B]*\u001B\\/g, '');

const styledContent = [
	'\u001B[31mred\u001B[91mbright\u001B[38;5;1mp1\u001B[38;5;200mp200\u001B[38;2;10;20;30mrgb\u001B[0m plain',
	'\u001B[41m bg \u001B[103mB\u001B[48;5;33mC\u001B[48;2;200;100;50mD\u001B[0m \u001B[42m   \u001B[0m gap',
	'\u001B[1mbold\u001B[22;3mital\u001B[23;4mund\u001B[24;7minv\u001B[27;2mdim\u001B[22;9mstr\u001B[29;53mov\u001B[55;5mbl\u001B[25;8mhid\u001B[0m',
	'wide 世界 e\u0301 done \u001B[1;38;2;255;0;128;48;5;17;7mall\u001B[0m',
	'\u001B[44m\u001B[Kblue line to the end\u001B[0m',
	'x'.repeat(39) + '世 wrapped',
	'\u001B[4:3;58;5;196mcurly\u001B[4:2;58;2;10;200;30mdouble\u001B[4:5mdashed\u001B[4:4mdotted\u001B[24;38;5;9m p9 \u001B[0m',
	'\u001B]8;;https://example.com/a\u001B\\link\u001B]8;;\u001B\\ \u001B]8;id=x;https://example.com/b\u001B\\\u001B[4mlinked\u001B]8;;\u001B\\ end\u001B[0m',
	'emoji 😀😀 🇺🇸 flag',
].join('\r\n');

test('rows written into another terminal reproduce every cell', async () => {
	const source = newTerminal(40, 12);
	await write(source, styledContent);
	const rows = viewportRows(source);
	assert.equal(rows.length, 12);
	for (const row of rows) {
		// A row ends in the default style, with no link open: what follows it is unstyled.
		assert.ok(!/\u001B\[[\d;:]*m$/.test(row) || row.endsWith('\u001B[0m'), JSON.stringify(row));
	}

	const target = await replay(rows, 40);
	const {differing, compared} = differences(regionCells(target), regionCells(source));
	assert.deepEqual(differing, []);
	assert.equal(compared, 480);
	// The content really was there to compare (not two blank screens).
	assert.match(plain(rows[3]!), /wide 世界 e\u0301 done/);
	assert.equal(JSON.parse(regionCells(target)[4]![39]!).bg, 4, 'blank cells keep their background');
	assert.equal(JSON.parse(regionCells(target)[7]![0]!).underline, 3, 'curly underline');
	assert.deepEqual(JSON.parse(regionCells(target)[7]![0]!).underlineColor, [0x2_00_00_00, 196]);
	assert.equal(JSON.parse(regionCells(target)[8]![0]!).link, 'https://example.com/a');
	assert.equal(JSON.parse(regionCells(target)[8]![0]!).underline, 0, 'a link is not underlined unless the program said so');
	assert.equal(JSON.parse(regionCells(target)[9]![6]!).width, 2, 'an emoji takes two cells');
});

test('a row ends at its last cell that is not a default blank', async () => {
	const source = newTerminal(20, 3);
	await write(source, 'short   \r\n\u001B[41m  \u001B[0m\r\n');
	const [first, second, third] = viewportRows(source);
	assert.equal(first, 'short');
	assert.equal(plain(second!), '  ', 'coloured blanks are kept');
	assert.equal(third, '');
});

test('attributes are written only when they change', async () => {
	const source = newTerminal(20, 2);
	await write(source, '\u001B[31mabcdefgh\u001B[0m');
	const [row] = viewportRows(source);
	// One SGR for the red run, one back to default at the end.
	assert.equal(row!.match(/\u001B\[[\d;]*m/g)!.length, 2);
	assert.equal(plain(row!), 'abcdefgh');
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

test('the screen reader re-renders only changed rows, and always agrees with a full render', async () => {
	const {ScreenReader} = await import('../../source/terminal/screen.js');
	const terminal = newTerminal(30, 8, 50);
	const reader = new ScreenReader(terminal, undefined);
	// A fixed pseudo-random walk through what programs do to a screen.
	let seed = 7;
	const random = (n: number) => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed % n;
	};

	const operations = [
		() => `text ${random(1000)} `,
		() => '\r\n',
		() => `\u001B[${1 + random(8)};${1 + random(30)}H`,
		() => `\u001B[${random(3)}J`,
		() => `\u001B[${random(3)}K`,
		() => `\u001B[${1 + random(3)}L`,
		() => `\u001B[${1 + random(3)}M`,
		() => `\u001B[${1 + random(3)};${4 + random(5)}r`,
		() => '\u001B[r',
		() => `\u001B[${1 + random(3)}S`,
		() => `\u001B[${1 + random(3)}T`,
		() => '\u001B[?1049h',
		() => '\u001B[?1049l',
		() => `\u001B[3${random(8)}m世界😀\u001B[0m`,
		() => '\u001B#8',
		() => `\u001B[${1 + random(5)}@`,
		() => `\u001B[${1 + random(5)}P`,
		() => `\u001B[${1 + random(5)}X`,
		() => 'x\u001B[5b',
		() => '\u001BM',
		() => '\u001BD',
		() => 'long line '.repeat(5),
		() => '\u001Bc',
	];
	let rendered = 0;
	for (let step = 0; step < 600; step++) {
		let chunk = '';
		for (let count = 1 + random(4); count > 0; count--) {
			chunk += operations[random(operations.length)]!();
		}

		await write(terminal, chunk);
		if (step % 97 === 96) {
			terminal.resize(20 + random(20), 5 + random(6));
		}

		const {lines} = reader.read();
		assert.deepEqual(lines, viewportRows(terminal), `after step ${step}: ${JSON.stringify(chunk)}`);
		rendered++;
	}

	assert.equal(rendered, 600);

	// And it does render only what changed: one typed letter, one row.
	const {RowRenderer} = await import('../../source/terminal/rows.js');
	const render = RowRenderer.prototype.render;
	let calls = 0;
	RowRenderer.prototype.render = function (this: InstanceType<typeof RowRenderer>, ...args: Parameters<typeof render>) {
		calls++;
		return render.apply(this, args);
	};

	try {
		reader.read();
		calls = 0;
		await write(terminal, 'a');
		reader.read();
		assert.equal(calls, 1);
	} finally {
		RowRenderer.prototype.render = render;
	}

	reader.dispose();
});
