// Reading terminals back the way a person sees them: every cell's character, width and attributes (underline style
// and colour and links included), for comparing two screens cell for cell.
import type xterm from '@xterm/headless';
import {createEmulator} from '../../source/terminal/emulator.js';
import {cellExtras, cursorHidden, linkTarget} from '../../source/xterm-internals.js';

/** A terminal configured as every emulator of the project (Unicode 11 widths, no console logging). */
export function newTerminal(cols: number, rows: number, scrollback = 0): xterm.Terminal {
	return createEmulator({cols, rows, scrollback});
}

export async function write(terminal: xterm.Terminal, data: string): Promise<void> {
	return new Promise(resolve => {
		terminal.write(data, resolve);
	});
}

export function cursorOf(terminal: xterm.Terminal): {x: number; y: number; visible: boolean} {
	const buffer = terminal.buffer.active;
	return {x: Math.min(buffer.cursorX, terminal.cols - 1), y: buffer.cursorY, visible: !cursorHidden(terminal)};
}

/** One cell as a person sees it; an empty cell and a space look the same. */
export function describeCell(terminal: xterm.Terminal, cell: xterm.IBufferCell): string {
	const extras = cellExtras(cell);
	// The program's SGR 4 (xterm's FgFlags.UNDERLINE): isUnderline() also says yes for every linked cell.
	const underline = ((cell as unknown as {fg: number}).fg & 0x10_00_00_00) !== 0;
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
		underline: underline ? (extras?.underlineStyle || 1) : 0,
		underlineColor: underline && extras ? [extras.underlineColorMode, extras.underlineColor] : undefined,
		link: extras?.urlId ? linkTarget(terminal, extras.urlId)?.uri : undefined,
		blink: cell.isBlink(),
		inverse: cell.isInverse(),
		invisible: cell.isInvisible(),
		strikethrough: cell.isStrikethrough(),
		overline: cell.isOverline(),
	});
}

export type Region = {x: number; y: number; cols: number; rows: number};

/** The cells of a region of the visible screen, described. */
export function regionCells(terminal: xterm.Terminal, region: Region = {x: 0, y: 0, cols: terminal.cols, rows: terminal.rows}): string[][] {
	const buffer = terminal.buffer.active;
	const cell = buffer.getNullCell();
	const screen: string[][] = [];
	for (let y = 0; y < region.rows; y++) {
		const line = buffer.getLine(buffer.viewportY + region.y + y);
		const cells: string[] = [];
		for (let x = 0; x < region.cols; x++) {
			const found = line?.getCell(region.x + x, cell);
			cells.push(found ? describeCell(terminal, found) : 'missing');
		}

		screen.push(cells);
	}

	return screen;
}

/**
The cells where two regions differ, described for a failure message (at most `limit`), and how many cells were
compared: [] means equal.
*/
export function differences(actual: string[][], expected: string[][], limit = 8): {differing: string[]; compared: number} {
	const differing: string[] = [];
	let compared = 0;
	let count = 0;
	for (let y = 0; y < Math.max(actual.length, expected.length); y++) {
		for (let x = 0; x < Math.max(actual[y]?.length ?? 0, expected[y]?.length ?? 0); x++) {
			compared++;
			if (actual[y]?.[x] !== expected[y]?.[x]) {
				count++;
				if (differing.length < limit) {
					differing.push(`(${x},${y}) is ${actual[y]?.[x]}, expected ${expected[y]?.[x]}`);
				}
			}
		}
	}

	if (count > limit) {
		differing.push(`… ${count - limit} more`);
	}

	return {differing, compared};
}

/** The visible screen as text, one line per row, trailing blanks trimmed. */
export function screenText(terminal: xterm.Terminal): string[] {
	const buffer = terminal.buffer.active;
	return Array.from({length: terminal.rows}, (_, y) => buffer.getLine(buffer.viewportY + y)?.translateToString(true).trimEnd() ?? '');
}
