// Asks the user's terminal, once at start, what programs will ask the daemon's terminal: its colours (OSC 10, 11,
// 12 and the 16 ANSI colours, OSC 4), and its cell size in pixels (CSI 16 t); and whether it speaks kitty's keyboard
// protocol (CSI ? u), which decides how agents' Shift+Enter reaches them (keyboard.ts). Vim, Neovim, Codex, bat and delta pick
// their theme from the background colour, so the answers must be the user's, not a default. A request for the
// primary device attributes (CSI c), which every terminal answers, goes last: when its answer arrives, whatever was
// not answered before it never will be, and no timeout has to be waited out.
import type {TerminalLook} from '../terminal/replies.js';

/** What was learnt: the fields the terminal answered. */
export type ProbedLook = Partial<Omit<TerminalLook, 'palette'>> & {palette?: Record<string, string>};

export type ProbeResult = {look: ProbedLook; speaksKitty: boolean};

const st = '\u001B\\';
export const probeQueries = '\u001B]10;?' + st + '\u001B]11;?' + st + '\u001B]12;?' + st
	+ Array.from({length: 16}, (_, index) => `\u001B]4;${index};?${st}`).join('')
	+ '\u001B[16t'
	+ '\u001B[?u'
	+ '\u001B[c';

// Replies: OSC 10/11/12 ; spec, OSC 4 ; index ; spec (ended by ST or BEL), CSI 6 ; height ; width t, CSI ? … c.
const reply = /\u001B\](1[012]);(rgb:[\da-f/]+)(?:\u001B\\|\u0007)|\u001B\]4;(\d+);(rgb:[\da-f/]+)(?:\u001B\\|\u0007)|\u001B\[6;(\d+);(\d+)t|\u001B\[\?(\d+)u|\u001B\[\?[\d;]*c/gi;
// What the daemon takes (xterm's form, 1-4 hex digits a channel).
const colourSpec = /^rgb:[\da-f]{1,4}\/[\da-f]{1,4}\/[\da-f]{1,4}$/i;
// The start of a reply cut off at the end of a chunk: kept for the next one.
const partialReply = /\u001B(?:\](?:[\d;]*(?:rgb:[\da-f/]*)?\u001B?)?|\[(?:[?\d;]*))?$/i;

export class TerminalProbe {
	private readonly look: ProbedLook = {};
	private speaksKitty = false;
	private pending = '';
	private finished = false;
	private readonly timer: NodeJS.Timeout;

	constructor(
		write: (data: string) => void,
		/** Called once, with what was learnt and any keys still held back (the start of an escape sequence). */
		private readonly onDone: (result: ProbeResult, heldKeys: string) => void,
		timeoutMs = 1000,
	) {
		write(probeQueries);
		// A terminal that answers nothing at all (not even CSI c) must not hold up the keys typed into it for long.
		this.timer = setTimeout(() => {
			this.finish();
		}, timeoutMs);
		this.timer.unref();
	}

	get done(): boolean {
		return this.finished;
	}

	/** Takes the replies out of what the terminal sent; returns the rest (the user's keys), in order. */
	take(data: string): string {
		if (this.finished) {
			return data;
		}

		const text = this.pending + data;
		this.pending = '';
		let rest = '';
		let last = 0;
		for (const match of text.matchAll(reply)) {
			rest += text.slice(last, match.index);
			last = match.index + match[0].length;
			this.learn(match);
			if (this.finished) {
				return rest + text.slice(last);
			}
		}

		rest += text.slice(last);
		const partial = partialReply.exec(rest);
		if (partial && partial[0] !== '') {
			this.pending = partial[0];
			rest = rest.slice(0, partial.index);
		}

		return rest;
	}

	private learn(match: RegExpExecArray): void {
		const [whole, dynamic, dynamicSpec, index, indexSpec, height, width, kittyFlags] = match;
		if ((dynamicSpec ?? indexSpec) !== undefined && !colourSpec.test(dynamicSpec ?? indexSpec!)) {
			return;
		}

		if (dynamic !== undefined && dynamicSpec !== undefined) {
			const field = ({10: 'foreground', 11: 'background', 12: 'cursor'} as const)[Number(dynamic) as 10 | 11 | 12];
			this.look[field] = dynamicSpec;
		} else if (index !== undefined && indexSpec !== undefined) {
			this.look.palette = {...this.look.palette, [index]: indexSpec};
		} else if (height !== undefined && width !== undefined) {
			if (Number(height) > 0 && Number(width) > 0) {
				this.look.cellHeight = Number(height);
				this.look.cellWidth = Number(width);
			}
		} else if (kittyFlags !== undefined) {
			this.speaksKitty = true;
		} else if (whole.endsWith('c')) {
			this.finish();
		}
	}

	private finish(): void {
		if (this.finished) {
			return;
		}

		this.finished = true;
		clearTimeout(this.timer);
		const held = this.pending;
		this.pending = '';
		this.onDone({look: this.look, speaksKitty: this.speaksKitty}, held);
	}
}
