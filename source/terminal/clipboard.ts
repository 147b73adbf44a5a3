// A program copying to the clipboard (OSC 52: vim and Neovim yanks, agents' copy commands) writes to its terminal,
// which is the daemon's: the write is passed on to the clients showing the session, whose terminals hold the user's
// clipboard. Reads (`OSC 52 ; c ; ?`) are never answered: the user's clipboard is not the program's to read.
import type xterm from '@xterm/headless';

/** The largest copy passed on: 1 MiB of base64 (xterm's own default limit is about this size). */
export const maxClipboardBytes = 1024 * 1024;

export type ClipboardWrite = {
	/** Which selections: some of c (clipboard), p (primary), q, s, 0-7, as the program named them; c when it named none. */
	selection: string;
	/** The text, base64 as the program sent it; empty clears the selection. */
	data: string;
};

export function watchClipboard(terminal: xterm.Terminal, onWrite: (write: ClipboardWrite) => void): xterm.IDisposable {
	return terminal.parser.registerOscHandler(52, payload => {
		const separator = payload.indexOf(';');
		if (separator === -1) {
			return true;
		}

		const selection = payload.slice(0, separator).replaceAll(/[^cpqs0-7]/g, '') || 'c';
		const data = payload.slice(separator + 1);
		if (data === '?' || data.length > maxClipboardBytes || !/^[A-Za-z\d+/]*={0,2}$/.test(data)) {
			// A read, too much, or not base64 (which could carry escape sequences to the user's terminal): dropped.
			return true;
		}

		onWrite({selection, data});
		return true;
	});
}
