// The prefix state machine: for raw stdin input, what goes to the session unchanged and what is a command for us.
import {decodeKeyAt, pasteEnd, pasteStart, sameKey, type Key} from './keys.js';

/** The smaller of two indexes, -1 meaning absent. */
function firstOf(a: number, b: number): number {
	return a === -1 ? b : b === -1 ? a : Math.min(a, b);
}

/**
What the keys mean: bytes for the session, or a command (prefix then a key). After a command the machine stops:
`rest` is what followed it in the same read, for whatever the command opened (a prompt) to take.
*/
export type InputAction = {type: 'send'; data: string} | {type: 'command'; key: Key; rest: string};

// Enough trailing input to find a paste marker split across two reads.
const markerTail = pasteStart.length - 1;

/**
Decides, for raw stdin input, what goes to the session unchanged and what is a command: the prefix followed by
one key is a command, the prefix twice sends one prefix, and a bracketed paste always goes through whole. The prefix
is recognised however the terminal encodes it: its control byte, kitty's keyboard protocol (`CSI 98;5u` for C-b),
xterm's modifyOtherKeys (`CSI 27;5;98~`); kitty's release events of the prefix and command keys are dropped with
them.
*/
export class PrefixMachine {
	private waiting = false;
	private inPaste = false;
	// The last few bytes sent, to catch a paste marker that straddles two reads.
	private tail = '';
	private readonly prefixKey: Key;
	// The prefix's own character when it is one (C-b, `), found by a search; keys that start with ESC (M-a, F12) are
	// found among the escape sequences, which are all decoded anyway.
	private readonly prefixCharacter: string | undefined;
	// Keys taken as a prefix or a command: their releases (kitty flag 2) are not the program's either.
	private readonly awaitingRelease: Key[] = [];

	constructor(prefix: string) {
		const key = prefix === '' ? undefined : decodeKeyAt(prefix, 0);
		if (!key || key.sequence !== prefix || key.name === 'unknown') {
			throw new Error(`The prefix must be one key, got ${JSON.stringify(prefix)}`);
		}

		this.prefixKey = key;
		this.prefixCharacter = prefix.startsWith('\u001B') ? undefined : prefix;
	}

	/** The prefix was seen and the next key will be the command. */
	get pending(): boolean {
		return this.waiting;
	}

	feed(data: string): InputAction[] {
		const actions: InputAction[] = [];
		const send = (text: string) => {
			if (text === '') {
				return;
			}

			const last = actions.at(-1);
			if (last?.type === 'send') {
				last.data += text;
			} else {
				actions.push({type: 'send', data: text});
			}

			this.tail = (this.tail + text).slice(-markerTail);
		};

		let index = 0;
		while (index < data.length) {
			if (this.waiting) {
				if (data.startsWith(pasteStart, index)) {
					// Prefix then a paste: the paste wins, whole, and the prefix is dropped.
					this.waiting = false;
					continue;
				}

				const command = decodeKeyAt(data, index);
				index += command.sequence.length;
				if (command.event === 'release') {
					// The prefix key let go of (kitty flag 2): still waiting for the command.
					continue;
				}

				this.waiting = false;
				this.tail = '';
				if (sameKey(command, this.prefixKey)) {
					// Sent as it came: the program asked for that encoding.
					send(command.sequence);
					continue;
				}

				this.expectRelease(command);
				actions.push({type: 'command', key: command, rest: data.slice(index)});
				return actions;
			}

			if (this.inPaste) {
				const end = this.find(pasteEnd, data, index);
				if (end === -1) {
					send(data.slice(index));
					break;
				}

				send(data.slice(index, end));
				this.inPaste = false;
				index = end;
				continue;
			}

			// Only the prefix byte and escape sequences need a look; the text between them is sent as it is.
			const next = firstOf(this.prefixCharacter === undefined ? -1 : data.indexOf(this.prefixCharacter, index), data.indexOf('\u001B', index));
			const pasteAt = this.find(pasteStart, data, index);
			// A paste that starts before the next prefix is sent whole, prefix bytes inside it included.
			if (pasteAt !== -1 && (next === -1 || pasteAt - pasteStart.length <= next)) {
				send(data.slice(index, pasteAt));
				this.inPaste = true;
				index = pasteAt;
				continue;
			}

			if (next === -1) {
				send(data.slice(index));
				break;
			}

			send(data.slice(index, next));
			const found = decodeKeyAt(data, next);
			index = next + found.sequence.length;
			if (found.event !== 'release' && sameKey(found, this.prefixKey)) {
				this.waiting = true;
				this.expectRelease(found);
			} else if (!(found.event === 'release' && this.released(found))) {
				send(found.sequence);
			}
		}

		return actions;
	}

	private expectRelease(pressed: Key): void {
		// Only kitty's CSI u encoding reports releases.
		if (pressed.sequence.endsWith('u') && pressed.sequence.startsWith('\u001B[')) {
			this.awaitingRelease.push(pressed);
			if (this.awaitingRelease.length > 8) {
				this.awaitingRelease.shift();
			}
		}
	}

	/** Whether `release` lets go of a key taken as a prefix or command (and forgets it). */
	private released(release: Key): boolean {
		const index = this.awaitingRelease.findIndex(pressed => sameKey(pressed, release));
		if (index === -1) {
			return false;
		}

		this.awaitingRelease.splice(index, 1);
		return true;
	}

	/**
	Index in `data` just past `marker`, searching from `from` and including the bytes already sent (so a marker
	split between reads is found); -1 when absent.
	*/
	private find(marker: string, data: string, from: number): number {
		const carried = from === 0 ? this.tail : '';
		const at = (carried + data.slice(from)).indexOf(marker);
		return at === -1 ? -1 : from + at - carried.length + marker.length;
	}
}
