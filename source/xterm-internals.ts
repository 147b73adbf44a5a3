// What claude-tui reads from @xterm/headless that its public API does not offer, in one place: an xterm upgrade
// has one file to check. Every probe degrades to the safe answer when the field is not where it was.
import type serializeAddon from '@xterm/addon-serialize';
import type xterm from '@xterm/headless';

type Core = {
	buffer?: {scrollTop?: number; scrollBottom?: number};
	coreService?: {isCursorHidden?: boolean; decPrivateModes?: {cursorStyle?: string; cursorBlink?: boolean}};
	coreMouseService?: {activeEncoding?: string};
	_inputHandler?: {_parser?: {currentState?: number}};
};

function core(terminal: xterm.Terminal): Core | undefined {
	return (terminal as unknown as {_core?: Core})._core;
}

/** Whether the program hid the cursor (DECTCEM, `ESC [ ? 25 l`). */
export function cursorHidden(terminal: xterm.Terminal): boolean {
	return core(terminal)?.coreService?.isCursorHidden === true;
}

/** How the program asked for mouse reports to be encoded: SGR (1006), SGR with pixels (1016) or the default X10 bytes. */
export function mouseEncoding(terminal: xterm.Terminal): 'sgr' | 'sgr-pixels' | 'default' {
	const encoding = core(terminal)?.coreMouseService?.activeEncoding;
	return encoding === 'SGR' ? 'sgr' : encoding === 'SGR_PIXELS' ? 'sgr-pixels' : 'default';
}

/** The cursor shape the program set with DECSCUSR, as its parameter: 0 (never set, or reset to the default) to 6. */
export function cursorShape(terminal: xterm.Terminal): number {
	const modes = core(terminal)?.coreService?.decPrivateModes;
	const base = {block: 1, underline: 3, bar: 5}[modes?.cursorStyle ?? ''];
	if (base === undefined) {
		return 0;
	}

	return modes?.cursorBlink === false ? base + 1 : base;
}

/**
Whether the parser is between escape sequences ("ground", state 0). A snapshot taken mid-sequence would let the
sequence's tail, streamed after it, print as text.
*/
export function parserAtGround(terminal: xterm.Terminal): boolean {
	const state = core(terminal)?._inputHandler?._parser?.currentState;
	return state === undefined || state === 0;
}

/** The scroll region (DECSTBM) of the active buffer, rows 0-based and inclusive, when it is narrower than the screen. */
export function scrollRegion(terminal: xterm.Terminal): {top: number; bottom: number} | undefined {
	const buffer = core(terminal)?.buffer;
	const top = buffer?.scrollTop;
	const bottom = buffer?.scrollBottom;
	if (typeof top !== 'number' || typeof bottom !== 'number' || (top === 0 && bottom === terminal.rows - 1)) {
		return undefined;
	}

	return {top, bottom};
}

/**
ANSI that rebuilds the terminal's screen, `scrollback` lines above it, cursor and modes in a fresh terminal. The
serialize addon leaves out cursor visibility and the scroll region: without the region, output that follows the
snapshot (a program scrolling its middle rows, as less, vim or a status-line UI do) would scroll the whole screen.
Setting the region (and origin mode, which the addon sets last) moves the cursor, so it is placed again after.
*/
export function serializeScreen(terminal: xterm.Terminal, serializer: serializeAddon.SerializeAddon, scrollback: number): string {
	let ansi = serializer.serialize({scrollback});
	const region = scrollRegion(terminal);
	const {originMode} = terminal.modes;
	if (region || originMode) {
		const {cursorX, cursorY} = terminal.buffer.active;
		const row = originMode && region ? cursorY - region.top : cursorY;
		ansi += (region ? `\u001B[${region.top + 1};${region.bottom + 1}r` : '') + `\u001B[${row + 1};${Math.min(cursorX, terminal.cols - 1) + 1}H`;
	}

	return ansi + (cursorHidden(terminal) ? '\u001B[?25l' : '');
}

type ExtendedCell = {
	bg?: number;
	extended?: {_ext?: number; _urlId?: number};
};

// xterm's BgFlags.HAS_EXTENDED, ExtFlags.UNDERLINE_STYLE and the colour bits of Attributes.
const hasExtended = 0x10_00_00_00;
const underlineStyleBits = 0x1C_00_00_00;
const colourModeBits = 0x3_00_00_00;
const rgbBits = 0xFF_FF_FF;

export type CellExtras = {
	/** The program's underline style (1 single … 5 dashed), not the one xterm.js draws links with. */
	underlineStyle: number;
	/** Underline colour mode as getFgColorMode() gives it (0: the text's colour). */
	underlineColorMode: number;
	underlineColor: number;
	/** The OSC 8 link the cell belongs to (0: none); see linkTarget. */
	urlId: number;
};

/**
A cell's extended attributes (underline style and colour, hyperlink), or undefined when it has none. The public
cell API flattens them: isUnderline() is all it tells, and says yes for every linked cell.
*/
export function cellExtras(cell: xterm.IBufferCell): CellExtras | undefined {
	const {bg, extended} = cell as unknown as ExtendedCell;
	if (bg === undefined || (bg & hasExtended) === 0 || !extended) {
		return undefined;
	}

	const ext = extended._ext ?? 0;
	const mode = ext & colourModeBits;
	return {
		underlineStyle: (ext & underlineStyleBits) >>> 26,
		underlineColorMode: mode,
		underlineColor: mode === colourModeBits ? ext & rgbBits : ext & 0xFF,
		urlId: extended._urlId ?? 0,
	};
}

type LinkCore = {_oscLinkService?: {getLinkData?: (id: number) => {id?: string; uri: string} | undefined}};

/** The URI (and id, if the program gave one) of an OSC 8 link by the id cells carry. */
export function linkTarget(terminal: xterm.Terminal, urlId: number): {id?: string; uri: string} | undefined {
	return (core(terminal) as LinkCore | undefined)?._oscLinkService?.getLinkData?.(urlId);
}

type RefreshCore = {_inputHandler?: {onRequestRefreshRows?: (listener: (range: {start: number; end: number} | undefined) => void) => {dispose(): void}}};

/**
Calls `listener` after each parse with the rows (of the screen, 0-based, inclusive) the parse may have changed, as
xterm tells its renderer; `undefined` means every row (a switch of screens). Returns undefined when this xterm has no
such event: the caller must then treat every row as changed.
*/
export function onChangedRows(terminal: xterm.Terminal, listener: (range: {start: number; end: number} | undefined) => void): {dispose(): void} | undefined {
	const handler = (core(terminal) as RefreshCore | undefined)?._inputHandler;
	return typeof handler?.onRequestRefreshRows === 'function' ? handler.onRequestRefreshRows(listener) : undefined;
}
