// Copying out of copy mode to the user's clipboard: OSC 52 asks their terminal to set it (it works over ssh, and
// inside tmux with set-clipboard on). The other copy goes to the paste buffer the daemon keeps (buffer.set).
import type {TuiHost} from './host.js';

/** The sequence that asks the user's terminal to put `text` on the clipboard. */
export function clipboardSequence(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/** A copy from copy mode: to the user's clipboard (OSC 52) and to the paste buffer the daemon keeps for prefix ]. */
export function copyText(text: string, host: Pick<TuiHost, 'client' | 'flash'>, write: (bytes: string) => void): void {
	if (text === '') {
		return;
	}

	write(clipboardSequence(text));
	host.client.request('buffer.set', {text}).then(
		() => {
			host.flash(`Copied ${text.length} character${text.length === 1 ? '' : 's'}`);
		},
		(error: Error) => {
			host.flash(`Copied to the clipboard, not to the paste buffer: ${error.message}`);
		},
	);
}
