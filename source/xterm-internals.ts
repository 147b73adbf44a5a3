// What claude-tui reads from @xterm/headless that its public API does not offer, in one place: an xterm upgrade
// has one file to check. Every probe degrades to the safe answer when the field is not where it was.
import type serializeAddon from '@xterm/addon-serialize';
import type xterm from '@xterm/headless';

type Core = {
	buffer?: {scrollTop?: number; scrollBottom?: number};
	coreService?: {isCursorHidden?: boolean};
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

/** How the program asked for mouse reports to be encoded: SGR (1006) or the default X10 bytes. */
export function mouseEncoding(terminal: xterm.Terminal): 'SGR' | 'DEFAULT' {
	return core(terminal)?.coreMouseService?.activeEncoding === 'SGR' ? 'SGR' : 'DEFAULT';
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
