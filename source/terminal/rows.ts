// Turns the lines of a terminal's buffer into rows of text a terminal can draw: characters, and SGR and OSC 8
// sequences, nothing else. The daemon renders its session screens with it and sends the rows to the TUI, which puts
// them on the user's screen as they are (ARCHITECTURE.md, "Rendering"). Every attribute a cell can hold survives: the
// colour modes as the program chose them (16-colour 31 stays 31, 256-colour 1 stays 38;5;1), underline styles and
// colour, hyperlinks. Walking cells with one reused cell object is about twice as fast as the serialize addon and
// gives rows rather than one stream.
import type xterm from '@xterm/headless';
import {cellExtras, linkTarget} from '../xterm-internals.js';

const reset = '\u001B[0m';
const linkEnd = '\u001B]8;;\u001B\\';

// Colour modes as getFgColorMode()/getBgColorMode() report them (xterm's Attributes.CM_*).
const modeP16 = 0x1_00_00_00;
const modeP256 = 0x2_00_00_00;
const modeRgb = 0x3_00_00_00;

// Attribute bits of our own, so one number compares a cell's styles with the previous cell's.
const bold = 1;
const dim = 2;
const italic = 4;
const blink = 16;
const inverse = 32;
const invisible = 64;
const strikethrough = 128;
const overline = 256;

type Style = {
	fgMode: number;
	fg: number;
	bgMode: number;
	bg: number;
	flags: number;
	underline: number;
	underlineColorMode: number;
	underlineColor: number;
};

// xterm's FgFlags.UNDERLINE: the program's own SGR 4. isUnderline() also says yes for any linked cell (xterm.js
// draws links underlined), which would add an underline the program never asked for.
const underlineFlag = 0x10_00_00_00;

const plainStyle: Style = {fgMode: 0, fg: -1, bgMode: 0, bg: -1, flags: 0, underline: 0, underlineColorMode: 0, underlineColor: -1};

// What a cell object really is (CellData); not public API, so only used when present.
type PackedCell = xterm.IBufferCell & {fg?: number; bg?: number};

/**
Renders lines of one terminal. A row starts from default attributes, holds its characters up to the last cell that
is not a default blank (the rest of the row is blank: the TUI erases it), and ends with the attributes and any link
closed. Its width in cells is what `plainWidth` in unicode.ts measures of its text.
*/
export class RowRenderer {
	private readonly cell: xterm.IBufferCell;
	private readonly links: boolean;

	/** `links: false` leaves hyperlinks out (SGR only, for printing to a terminal as text). */
	constructor(private readonly terminal: xterm.Terminal, options: {links?: boolean} = {}) {
		this.cell = terminal.buffer.active.getNullCell();
		this.links = options.links ?? true;
	}

	/** The row for `line` (a line of the active buffer), or '' for a line that is not there or all blank. */
	render(line: xterm.IBufferLine | undefined, cols = this.terminal.cols): string {
		if (!line) {
			return '';
		}

		const {cell} = this;
		const end = contentEnd(line, Math.min(cols, line.length), cell);
		let out = '';
		let style = plainStyle;
		let link = 0;
		let lastFg: number | undefined;
		let lastBg: number | undefined;
		let lastExtended = false;
		let afterWide = false;
		for (let x = 0; x < end; x++) {
			line.getCell(x, cell);
			let width = cell.getWidth();
			if (width === 0 && afterWide) {
				// The right half of a wide character: the terminal already advanced over it.
				afterWide = false;
				continue;
			}

			afterWide = false;
			// xterm's cell keeps colours and flags packed in two numbers: when both match the previous cell's and it has
			// no extended attributes (underline style or colour, a link), so does the style, and the accessor calls can
			// be skipped (most cells, in practice).
			const {fg, bg} = cell as PackedCell;
			const extras = cellExtras(cell);
			const extended = extras !== undefined;
			if (fg === undefined || fg !== lastFg || bg !== lastBg || extended || lastExtended) {
				lastFg = fg;
				lastBg = bg;
				lastExtended = extended;
				const next = styleOf(cell, extras?.underlineStyle);
				if (!sameStyle(next, style)) {
					out += sgr(next);
					style = next;
				}

				const url = this.links ? extras?.urlId ?? 0 : 0;
				if (url !== link) {
					out += url === 0 ? linkEnd : linkStart(this.terminal, url);
					link = url;
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

		if (link !== 0) {
			out += linkEnd;
		}

		return style === plainStyle ? out : out + reset;
	}
}

/** The visible rows of the active buffer, `scrollUp` lines above the live screen. */
export function viewportRows(terminal: xterm.Terminal, scrollUp = 0): string[] {
	const renderer = new RowRenderer(terminal);
	const buffer = terminal.buffer.active;
	const top = buffer.baseY - Math.min(buffer.baseY, Math.max(0, Math.floor(scrollUp)));
	const rows: string[] = [];
	for (let y = 0; y < terminal.rows; y++) {
		rows.push(renderer.render(buffer.getLine(top + y)));
	}

	return rows;
}

/** The screen (and up to `scrollback` lines above it) as plain text, one line per row, trailing blank lines left out. */
export function screenText(terminal: xterm.Terminal, scrollback = 0): string {
	const buffer = terminal.buffer.active;
	const lines: string[] = [];
	for (let y = Math.max(0, buffer.baseY - scrollback); y < buffer.baseY + terminal.rows; y++) {
		lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
	}

	while (lines.length > 0 && lines.at(-1) === '') {
		lines.pop();
	}

	return lines.join('\n');
}

/**
The screen and up to `scrollback` lines above it as text with SGR (no links, no cursor moves, no modes), a line
each, trailing empty lines left out: what `capture --ansi` prints, as tmux's capture-pane -pe does.
*/
export function screenAnsi(terminal: xterm.Terminal, scrollback = 0): string {
	const buffer = terminal.buffer.active;
	const renderer = new RowRenderer(terminal, {links: false});
	const lines: string[] = [];
	for (let y = Math.max(0, buffer.baseY - scrollback); y < buffer.baseY + terminal.rows; y++) {
		lines.push(renderer.render(buffer.getLine(y)));
	}

	while (lines.length > 0 && lines.at(-1) === '') {
		lines.pop();
	}

	return lines.join('\n');
}

/** One past the last cell that is not a blank with default attributes. */
function contentEnd(line: xterm.IBufferLine, cols: number, cell: xterm.IBufferCell): number {
	for (let x = cols - 1; x >= 0; x--) {
		line.getCell(x, cell);
		const chars = cell.getChars();
		const {fg, bg} = cell as PackedCell;
		const blank = chars === '' || chars === ' ';
		const plain = fg === undefined ? cell.isAttributeDefault() : fg === 0 && bg === 0;
		if (!blank || !plain) {
			return x + 1;
		}
	}

	return 0;
}

function styleOf(cell: xterm.IBufferCell, underlineStyle: number | undefined): Style {
	const flags = (
		(cell.isBold() ? bold : 0)
		| (cell.isDim() ? dim : 0)
		| (cell.isItalic() ? italic : 0)
		| (cell.isBlink() ? blink : 0)
		| (cell.isInverse() ? inverse : 0)
		| (cell.isInvisible() ? invisible : 0)
		| (cell.isStrikethrough() ? strikethrough : 0)
		| (cell.isOverline() ? overline : 0)
	);
	const underline = underlined(cell) ? (underlineStyle || 1) : 0;
	const extras = underline === 0 ? undefined : cellExtras(cell);
	return {
		fgMode: cell.getFgColorMode(),
		fg: cell.getFgColor(),
		bgMode: cell.getBgColorMode(),
		bg: cell.getBgColor(),
		flags,
		underline,
		underlineColorMode: extras?.underlineColorMode ?? 0,
		underlineColor: extras?.underlineColor ?? -1,
	};
}

function underlined(cell: xterm.IBufferCell): boolean {
	const {fg} = cell as PackedCell;
	return fg === undefined ? Boolean(cell.isUnderline()) : (fg & underlineFlag) !== 0;
}

function sameStyle(a: Style, b: Style): boolean {
	return a.fgMode === b.fgMode && a.fg === b.fg && a.bgMode === b.bgMode && a.bg === b.bg && a.flags === b.flags
		&& a.underline === b.underline && a.underlineColorMode === b.underlineColorMode && a.underlineColor === b.underlineColor;
}

// A full SGR from a reset, so nothing has to be tracked for switching attributes off.
function sgr(style: Style): string {
	let params = '0';
	const {flags} = style;
	if (flags !== 0) {
		if (flags & bold) params += ';1';
		if (flags & dim) params += ';2';
		if (flags & italic) params += ';3';
		if (flags & blink) params += ';5';
		if (flags & inverse) params += ';7';
		if (flags & invisible) params += ';8';
		if (flags & strikethrough) params += ';9';
		if (flags & overline) params += ';53';
	}

	// Plain 4 for a single underline, which every terminal knows; the styles (double, curly, dotted, dashed) as the
	// colon form 4:N, which a terminal that lacks them reads as an underline or ignores, never as another attribute.
	if (style.underline === 1) {
		params += ';4';
	} else if (style.underline > 1) {
		params += ';4:' + String(style.underline);
	}

	params += colour(style.fgMode, style.fg, 30, 90, '38');
	params += colour(style.bgMode, style.bg, 40, 100, '48');
	if (style.underline !== 0 && style.underlineColorMode !== 0) {
		// Colon form too: a terminal without underline colours skips 58:… whole rather than reading 5 as blink.
		params += style.underlineColorMode === modeRgb
			? ';58:2::' + rgb(style.underlineColor, ':')
			: ';58:5:' + String(style.underlineColor);
	}

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
			return ';' + extended + ';2;' + rgb(value, ';');
		}

		default: {
			return '';
		}
	}
}

function rgb(value: number, separator: string): string {
	return String((value >>> 16) & 0xFF) + separator + String((value >>> 8) & 0xFF) + separator + String(value & 0xFF);
}

function linkStart(terminal: xterm.Terminal, urlId: number): string {
	const target = linkTarget(terminal, urlId);
	if (!target) {
		return linkEnd;
	}

	// Only the characters OSC 8 allows; a URI is printable ASCII (RFC 3986), anything else would end the sequence.
	const uri = target.uri.replaceAll(/[^\u0020-\u007E]/g, '');
	const id = target.id === undefined ? '' : 'id=' + target.id.replaceAll(/[^\u0021-\u007E]|[:;]/g, '');
	return '\u001B]8;' + id + ';' + uri + '\u001B\\';
}
