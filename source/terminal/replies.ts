// The answers a program gets from its terminal that xterm.js does not give by itself, and the keyboard modes it asks
// for. The daemon's terminal is the one emulator that answers a program (ARCHITECTURE.md, "Processes"), so what it leaves
// unanswered a program waits for until its timeout: vim, Neovim, Codex, bat and delta ask for the background colour
// (OSC 11) to choose a theme; esctest2 starts every test with the window size in characters (CSI 18 t, which
// emulator.ts switches on); agents ask for the kitty keyboard protocol (CSI ? u) to receive Shift+Enter, and whether
// the terminal reads their status reports (OSC 7501 ; ?).
import type xterm from '@xterm/headless';
import {version} from '../version.js';

/** A CSI sequence's parameters as xterm.js hands them to a handler (sub-parameters as arrays, ignored here). */
type CsiParams = ReadonlyArray<number | number[]>;

/** What the user's terminal looks like, as the TUI found out at start; sane defaults when no TUI told us. */
export type TerminalLook = {
	/** X11 colour specs, `rgb:rrrr/gggg/bbbb`. */
	foreground: string;
	background: string;
	cursor: string;
	/** The 16 ANSI colours and any others the TUI learnt, by index. */
	palette: Record<number, string>;
	cellWidth: number;
	cellHeight: number;
};

// xterm's defaults (its 16-colour palette, black background).
const ansi16 = ['000000', 'cd0000', '00cd00', 'cdcd00', '0000ee', 'cd00cd', '00cdcd', 'e5e5e5', '7f7f7f', 'ff0000', '00ff00', 'ffff00', '5c5cff', 'ff00ff', '00ffff', 'ffffff'];

export const defaultLook: TerminalLook = {
	foreground: spec('e5e5e5'),
	background: spec('000000'),
	cursor: spec('e5e5e5'),
	palette: {},
	cellWidth: 8,
	cellHeight: 16,
};

/** Kitty keyboard flag stacks keep at most this many entries (the spec lets a terminal choose; kitty keeps 256). */
const kittyStackLimit = 64;

export class TerminalReplies {
	/** Kitty keyboard protocol: flags in effect, a stack each for the main and the alternate screen (the spec's rule). */
	private readonly kittyStacks = {normal: [] as number[], alternate: [] as number[]};
	private readonly kittyCurrent = {normal: 0, alternate: 0};
	private otherKeys = 0;
	// Colours the program set (OSC 4/10/11/12), answered back to it rather than the user's.
	private readonly setColours = new Map<string, string>();
	private readonly disposables: xterm.IDisposable[] = [];

	constructor(
		private readonly terminal: xterm.Terminal,
		private readonly look: () => TerminalLook,
	) {
		const {parser} = terminal;
		this.disposables.push(
			parser.registerCsiHandler({final: 't'}, params => this.windowReport(params)),
			parser.registerCsiHandler({prefix: '>', final: 'q'}, () => this.reply(`\u001BP>|claude-tui ${version}\u001B\\`)),
			parser.registerCsiHandler({prefix: '?', final: 'u'}, () => this.reply(`\u001B[?${this.kittyFlags}u`)),
			parser.registerCsiHandler({prefix: '>', final: 'u'}, params => this.kittyPush(params)),
			parser.registerCsiHandler({prefix: '<', final: 'u'}, params => this.kittyPop(params)),
			parser.registerCsiHandler({prefix: '=', final: 'u'}, params => this.kittySet(params)),
			parser.registerCsiHandler({prefix: '>', final: 'm'}, params => this.modifyOtherKeys(params)),
			parser.registerCsiHandler({prefix: '?', final: 'm'}, params => (param(params, 0, 0) === 4 ? this.reply(`\u001B[>4;${this.otherKeys}m`) : false)),
			parser.registerCsiHandler({prefix: '>', final: 'n'}, params => {
				if (param(params, 0, 0) === 4) {
					this.otherKeys = 0;
				}

				return true;
			}),
			parser.registerCsiHandler({intermediates: '*', final: 'y'}, params => this.rectangleChecksum(params)),
			parser.registerOscHandler(4, data => this.paletteColours(data)),
			parser.registerOscHandler(10, data => this.dynamicColours(10, data)),
			parser.registerOscHandler(11, data => this.dynamicColours(11, data)),
			parser.registerOscHandler(12, data => this.dynamicColours(12, data)),
			parser.registerOscHandler(104, data => this.forget(data === '' ? undefined : data.split(';').map(index => `4;${index}`))),
			parser.registerOscHandler(110, () => this.forget(['10'])),
			parser.registerOscHandler(111, () => this.forget(['11'])),
			parser.registerOscHandler(112, () => this.forget(['12'])),
			// The program status protocol's query: a terminal that reads the reports (state/program-status.ts) says so
			// by echoing it, and a program that asks first sends them from then on.
			parser.registerOscHandler(7501, data => (data.startsWith('?') ? this.reply('\u001B]7501;?\u001B\\') : false)),
			// RIS: everything back as a fresh terminal has it.
			parser.registerEscHandler({final: 'c'}, () => {
				this.reset();
				return false;
			}),
		);
	}

	/** The kitty keyboard flags of the screen in use. */
	get kittyFlags(): number {
		return this.kittyCurrent[this.screen];
	}

	get modifyOtherKeysLevel(): number {
		return this.otherKeys;
	}

	/** The cursor colour the program set (OSC 12), if it did and it reads as a colour (it is passed on as it is). */
	get cursorColour(): string | undefined {
		const colour = this.setColours.get('12');
		return colour !== undefined && /^[\w#:/.,() -]{1,64}$/.test(colour) ? colour : undefined;
	}

	dispose(): void {
		for (const disposable of this.disposables) {
			disposable.dispose();
		}
	}

	private get screen(): 'normal' | 'alternate' {
		return this.terminal.buffer.active.type;
	}

	private reply(data: string): true {
		// As xterm's own replies travel: onData, which the session writes to the program.
		this.terminal.input(data, false);
		return true;
	}

	private reset(): void {
		this.kittyStacks.normal = [];
		this.kittyStacks.alternate = [];
		this.kittyCurrent.normal = 0;
		this.kittyCurrent.alternate = 0;
		this.otherKeys = 0;
		this.setColours.clear();
	}

	/** XTWINOPS reports xterm.js leaves to its renderer (sizes in pixels, window state); the rest falls through to it. */
	private windowReport(params: CsiParams): boolean {
		const {rows, cols} = this.terminal;
		const {cellWidth, cellHeight} = this.look();
		switch (param(params, 0, 0)) {
			case 11: {
				return this.reply('\u001B[1t');
			}

			case 13: {
				return this.reply('\u001B[3;0;0t');
			}

			case 14: {
				return this.reply(`\u001B[4;${rows * cellHeight};${cols * cellWidth}t`);
			}

			case 15: {
				return this.reply(`\u001B[5;${rows * cellHeight};${cols * cellWidth}t`);
			}

			case 16: {
				return this.reply(`\u001B[6;${cellHeight};${cellWidth}t`);
			}

			case 19: {
				return this.reply(`\u001B[9;${rows};${cols}t`);
			}

			default: {
				// 18 and the title stack (22/23) xterm.js answers; resizing and moving the window is not the program's
				// to do (the session's size follows its clients), so those are dropped there too.
				return false;
			}
		}
	}

	private kittyPush(params: CsiParams): true {
		const stack = this.kittyStacks[this.screen];
		stack.push(this.kittyCurrent[this.screen]);
		if (stack.length > kittyStackLimit) {
			stack.shift();
		}

		this.kittyCurrent[this.screen] = param(params, 0, 0) & 0b1_1111;
		return true;
	}

	private kittyPop(params: CsiParams): true {
		const stack = this.kittyStacks[this.screen];
		const count = Math.max(1, param(params, 0, 1));
		for (let index = 0; index < count; index++) {
			// Popping past the bottom leaves every flag off, as the spec says.
			this.kittyCurrent[this.screen] = stack.pop() ?? 0;
		}

		return true;
	}

	private kittySet(params: CsiParams): true {
		const flags = param(params, 0, 0) & 0b1_1111;
		const mode = param(params, 1, 1);
		const current = this.kittyCurrent[this.screen];
		this.kittyCurrent[this.screen] = mode === 2 ? current | flags : mode === 3 ? current & ~flags : flags;
		return true;
	}

	private modifyOtherKeys(params: CsiParams): boolean {
		if (param(params, 0, 0) !== 4) {
			// Other XTMODKEYS resources (modifyCursorKeys and friends) change nothing a program could read back.
			return true;
		}

		this.otherKeys = params.length > 1 ? Math.max(0, Math.min(2, param(params, 1, 0))) : 0;
		return true;
	}

	/**
	DECRQCRA, the checksum of a rectangle of the screen, which esctest2 reads the screen with, one cell at a time.
	xterm's sum before patch 279: the negated sum of the characters, a blank cell counting as a space.
	*/
	private rectangleChecksum(params: CsiParams): true {
		const id = param(params, 0, 0);
		const {rows, cols} = this.terminal;
		const top = Math.max(1, param(params, 2, 1));
		const left = Math.max(1, param(params, 3, 1));
		const bottom = Math.min(rows, param(params, 4, rows) || rows);
		const right = Math.min(cols, param(params, 5, cols) || cols);
		const buffer = this.terminal.buffer.active;
		const cell = buffer.getNullCell();
		let sum = 0;
		for (let y = top; y <= bottom; y++) {
			const line = buffer.getLine(buffer.baseY + y - 1);
			for (let x = left; x <= right; x++) {
				const chars = line?.getCell(x - 1, cell)?.getChars() ?? '';
				sum += chars === '' ? 0x20 : chars.codePointAt(0)!;
			}
		}

		const checksum = ((-sum) & 0xFFFF).toString(16).toUpperCase().padStart(4, '0');
		return this.reply(`\u001BP${id}!~${checksum}\u001B\\`);
	}

	/** OSC 10/11/12 with `?`: the colour asked for. Several may be asked at once (`OSC 10;?;? ST`: 10 and 11). */
	private dynamicColours(first: number, data: string): boolean {
		const items = data.split(';');
		let answered = false;
		for (const [offset, item] of items.entries()) {
			const index = first + offset;
			if (index > 12) {
				break;
			}

			if (item === '?') {
				this.reply(`\u001B]${index};${this.colour(String(index))}\u001B\\`);
				answered = true;
			} else {
				this.setColours.set(String(index), item);
			}
		}

		// A colour set is xterm's to keep as well; a pure query is ours alone.
		return answered && items.every(item => item === '?');
	}

	/** OSC 4 `index;?` pairs: palette colours. */
	private paletteColours(data: string): boolean {
		const items = data.split(';');
		let queriesOnly = true;
		for (let index = 0; index + 1 < items.length; index += 2) {
			const colour = Number(items[index]);
			if (!Number.isInteger(colour) || colour < 0 || colour > 255) {
				continue;
			}

			if (items[index + 1] === '?') {
				this.reply(`\u001B]4;${colour};${this.colour(`4;${colour}`)}\u001B\\`);
			} else {
				queriesOnly = false;
				this.setColours.set(`4;${colour}`, items[index + 1]!);
			}
		}

		return queriesOnly;
	}

	private forget(keys: string[] | undefined): false {
		if (keys === undefined) {
			for (const key of this.setColours.keys()) {
				if (key.startsWith('4;')) {
					this.setColours.delete(key);
				}
			}
		} else {
			for (const key of keys) {
				this.setColours.delete(key);
			}
		}

		return false;
	}

	private colour(key: string): string {
		const set = this.setColours.get(key);
		if (set !== undefined) {
			return set;
		}

		const look = this.look();
		switch (key) {
			case '10': {
				return look.foreground;
			}

			case '11': {
				return look.background;
			}

			case '12': {
				return look.cursor;
			}

			default: {
				const index = Number(key.slice(2));
				return look.palette[index] ?? spec(defaultPaletteColour(index));
			}
		}
	}
}

/** A parameter, or `fallback` when it is absent or 0 (a default); sub-parameters are ignored. */
function param(params: CsiParams, index: number, fallback: number): number {
	const value = params[index];
	return typeof value === 'number' && value > 0 ? value : fallback;
}

/** xterm's 256-colour palette: the 16 ANSI colours, a 6x6x6 cube, 24 greys. */
function defaultPaletteColour(index: number): string {
	if (index < 16) {
		return ansi16[index]!;
	}

	const hex = (value: number) => value.toString(16).padStart(2, '0');
	if (index < 232) {
		const levels = [0, 0x5F, 0x87, 0xAF, 0xD7, 0xFF];
		const cube = index - 16;
		return hex(levels[Math.floor(cube / 36)]!) + hex(levels[Math.floor(cube / 6) % 6]!) + hex(levels[cube % 6]!);
	}

	const grey = 8 + (10 * (index - 232));
	return hex(grey).repeat(3);
}

/** `rrggbb` as an X11 colour spec with 16 bits a channel, as xterm answers: `rgb:rrrr/gggg/bbbb`. */
export function spec(hex: string): string {
	const channel = (offset: number) => hex.slice(offset, offset + 2).repeat(2);
	return `rgb:${channel(0)}/${channel(2)}/${channel(4)}`;
}
