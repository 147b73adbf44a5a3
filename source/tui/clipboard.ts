// Copying out of copy mode to the user's clipboard: OSC 52 asks their terminal to set it (it works over ssh, and
// inside tmux with set-clipboard on). The other copy goes to the paste buffer the daemon keeps (buffer.set).

/** The sequence that asks the user's terminal to put `text` on the clipboard. */
export function clipboardSequence(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
