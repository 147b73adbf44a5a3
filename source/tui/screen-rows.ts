// Turns the mirror terminal's screen into one ANSI string per row, so the compositor can diff and repaint rows
// without Ink. Walking cells with one reused IBufferCell is about twice as fast as the serialize addon and
// gives rows rather than one stream (DESIGN.md, "Rendering").
import xterm from '@xterm/headless';
import {cursorHidden} from '../xterm-internals.js';

export type CursorState = {x: number; y: number; visible: boolean};

const reset = '\u001B[0m';

// Colour modes as getFgColorMode()/getBgColorMode() report them (xterm's Attributes.CM_*).
const modeP16 = 0x1_00_00_00;
const modeP256 = 0x2_00_00_00;
const modeRgb = 0x3_00_00_00;

// Attribute bits of our own, so one number compares a cell's styles with the previous cell's.
const bold = 1;
const dim = 2;
const italic = 4;
const underline = 8;
const blink = 16;
const inverse = 32;
const invisible = 64;
const strikethrough = 128;
const overline = 256;

// What the cell object really is (CellData); not public API, so only used when present.
type PackedCell = xterm.IBufferCell & {fg?: number; bg?: number};

const blankRows = new Map<number, string>();

/**
 * ANSI for each visible row of `terminal`'s active buffer. `scrollUp` = how many lines the view is scrolled up
 * from the live bottom (0 = live screen; used by the scrollback viewer). Each string starts with '\x1b[0m',
 * renders exactly terminal.cols cells (blanks keep their background colour) and ends with '\x1b[0m'. Returns
 * exactly terminal.rows strings.
 */
export function viewportRows(terminal: xterm.Terminal, scrollUp = 0): string[] {
	const buffer = terminal.buffer.active;
	const {cols, rows} = terminal;
	const up = Math.min(buffer.baseY, Math.max(0, Math.floor(scrollUp)));
	const top = buffer.baseY - up;
	const cell = buffer.getNullCell();
	const result = new Array<string>(rows);
	for (let y = 0; y < rows; y++) {
		const line = buffer.getLine(top + y);
		result[y] = line ? renderLine(line, cols, cell) : blankRow(cols);
	}

	return result;
}

export function cursorState(terminal: xterm.Terminal): CursorState {
	const buffer = terminal.buffer.active;
	return {
		// After writing the last column the cursor sits "past" it (pending wrap); a real terminal shows it on the last.
		x: Math.min(buffer.cursorX, terminal.cols - 1),
		y: buffer.cursorY,
		visible: !cursorHidden(terminal),
	};
}

function blankRow(cols: number): string {
	let row = blankRows.get(cols);
	if (row === undefined) {
		row = reset + ' '.repeat(cols) + reset;
		blankRows.set(cols, row);
	}

	return row;
}

function renderLine(line: xterm.IBufferLine, cols: number, cell: xterm.IBufferCell): string {
	let out = reset;
	// The style in effect; the row starts from a reset, so all default.
	let fgMode = 0;
	let fg = -1;
	let bgMode = 0;
	let bg = -1;
	let flags = 0;
	let afterWide = false;
	let lastRawFg: number | undefined;
	let lastRawBg: number | undefined;
	for (let x = 0; x < cols; x++) {
		if (!line.getCell(x, cell)) {
			// A line shorter than the terminal (should not happen after a resize, but never emit short rows).
			return out + reset + ' '.repeat(cols - x) + reset;
		}

		let width = cell.getWidth();
		if (width === 0 && afterWide) {
			// The right half of a wide character: the terminal already advanced over it.
			afterWide = false;
			continue;
		}

		afterWide = false;
		// xterm's cell keeps colours and flags packed in two numbers: when both match the previous cell's, so does
		// the style, and the ten accessor calls can be skipped (most cells, in practice). Not public API, hence the
		// check that the fields exist.
		const {fg: rawFg, bg: rawBg} = cell as PackedCell;
		if (rawFg === undefined || rawFg !== lastRawFg || rawBg !== lastRawBg) {
			lastRawFg = rawFg;
			lastRawBg = rawBg;
			const cellFgMode = cell.getFgColorMode();
			const cellFg = cell.getFgColor();
			const cellBgMode = cell.getBgColorMode();
			const cellBg = cell.getBgColor();
			const cellFlags = flagsOf(cell);
			if (cellFgMode !== fgMode || cellFg !== fg || cellBgMode !== bgMode || cellBg !== bg || cellFlags !== flags) {
				fgMode = cellFgMode;
				fg = cellFg;
				bgMode = cellBgMode;
				bg = cellBg;
				flags = cellFlags;
				out += sgr(fgMode, fg, bgMode, bg, flags);
			}
		}

		let chars = cell.getChars();
		if (width === 2 && x === cols - 1) {
			// A wide character cannot fit in the last column; emitting it would make the row one cell too wide.
			chars = ' ';
			width = 1;
		}

		afterWide = width === 2;
		out += chars === '' || width === 0 ? ' ' : chars;
	}

	return out + reset;
}

function flagsOf(cell: xterm.IBufferCell): number {
	return (
		(cell.isBold() ? bold : 0) |
		(cell.isDim() ? dim : 0) |
		(cell.isItalic() ? italic : 0) |
		(cell.isUnderline() ? underline : 0) |
		(cell.isBlink() ? blink : 0) |
		(cell.isInverse() ? inverse : 0) |
		(cell.isInvisible() ? invisible : 0) |
		(cell.isStrikethrough() ? strikethrough : 0) |
		(cell.isOverline() ? overline : 0)
	);
}

// A full SGR from a reset, so nothing has to be tracked for switching attributes off.
function sgr(fgMode: number, fg: number, bgMode: number, bg: number, flags: number): string {
	let params = '0';
	if (flags !== 0) {
		if (flags & bold) params += ';1';
		if (flags & dim) params += ';2';
		if (flags & italic) params += ';3';
		if (flags & underline) params += ';4';
		if (flags & blink) params += ';5';
		if (flags & inverse) params += ';7';
		if (flags & invisible) params += ';8';
		if (flags & strikethrough) params += ';9';
		if (flags & overline) params += ';53';
	}

	params += colour(fgMode, fg, 30, 90, '38');
	params += colour(bgMode, bg, 40, 100, '48');
	return '\u001B[' + params + 'm';
}

function colour(mode: number, value: number, base: number, brightBase: number, extended: string): string {
	switch (mode) {
		case modeP16: {
			// Written as 30-37/90-97 (or 40-47/100-107) by the child: keep that form, terminals may treat it
			// differently from 38;5;n (bold-as-bright).
			return ';' + String(value < 8 ? base + value : brightBase + value - 8);
		}

		case modeP256: {
			return ';' + extended + ';5;' + String(value);
		}

		case modeRgb: {
			return ';' + extended + ';2;' + String((value >>> 16) & 0xff) + ';' + String((value >>> 8) & 0xff) + ';' + String(value & 0xff);
		}

		default: {
			return '';
		}
	}
}
