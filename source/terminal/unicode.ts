// Character widths, one table for every part of claude-tui: the daemon's terminals measure with xterm's Unicode 11
// provider (as glibc's wcwidth, tmux and the programs themselves do: an emoji is two cells), and the TUI measures the
// rows it is sent and the chrome it draws with that same provider, so the two can never disagree on where a
// character ends. The provider is taken from the addon itself rather than copied: activating the addon on a stand-in
// that only receives the registration gives us its wcwidth without loading a terminal (the TUI runs none).
// The addon is loaded the first time a character outside printable ASCII is measured (about 60 ms of a command's
// start here): `claude-tui ls` of ASCII names never pays for it.
import {createRequire} from 'node:module';
import type unicode11Module from '@xterm/addon-unicode11';
import type xterm from '@xterm/headless';

const require = createRequire(import.meta.url);
const addon = () => require('@xterm/addon-unicode11') as typeof unicode11Module;

type WidthProvider = {wcwidth(codePoint: number): 0 | 1 | 2};

let provider: WidthProvider | undefined;

function widths(): WidthProvider {
	if (!provider) {
		const stand = {
			unicode: {
				register(registered: WidthProvider) {
					provider = registered;
				},
			},
		};
		new (addon().Unicode11Addon)().activate(stand as never);
		if (!provider) {
			throw new Error('@xterm/addon-unicode11 registered no provider');
		}
	}

	return provider;
}

/** Cells one code point takes: 0 (combining, controls), 1 or 2. */
export function codePointWidth(codePoint: number): 0 | 1 | 2 {
	return widths().wcwidth(codePoint);
}

/** Cells plain text takes (no escape sequences in it). */
export function plainWidth(text: string): number {
	let cells = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code < 0x7F) {
			cells++;
			continue;
		}

		const codePoint = text.codePointAt(index)!;
		if (codePoint > 0xFFFF) {
			index++;
		}

		cells += widths().wcwidth(codePoint);
	}

	return cells;
}

/** Makes a terminal measure characters with the Unicode 11 table (xterm's default is Unicode 6: emoji one cell). */
export function useUnicode11(terminal: xterm.Terminal): void {
	terminal.loadAddon(new (addon().Unicode11Addon)() as unknown as xterm.ITerminalAddon);
	terminal.unicode.activeVersion = '11';
}
