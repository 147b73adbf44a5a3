// What claude-tui reads from @xterm/headless that its public API does not offer, in one place: an xterm upgrade
// has one file to check. Every probe degrades to the safe answer when the field is not where it was.
import type serializeAddon from '@xterm/addon-serialize';
import type xterm from '@xterm/headless';

type Core = {
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

/**
ANSI that rebuilds the terminal's screen, `scrollback` lines above it, cursor and modes in a fresh terminal. The
serialize addon leaves out cursor visibility, so a hidden cursor is hidden again at the end.
*/
export function serializeScreen(terminal: xterm.Terminal, serializer: serializeAddon.SerializeAddon, scrollback: number): string {
	return serializer.serialize({scrollback}) + (cursorHidden(terminal) ? '\u001B[?25l' : '');
}
