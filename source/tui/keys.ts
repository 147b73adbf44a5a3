// Raw terminal input: the prefix key, decoding bytes into keys, and the prefix state machine that decides
// what goes to the session unchanged and what is a command for us. We read stdin ourselves because Ink's
// useInput drops F-keys, ESC in mouse and paste sequences, and splits pastes.

// --- The prefix key ---------------------------------------------------------------------------------------

// Ctrl+symbol combinations a terminal sends as one control byte.
const ctrlSymbols: Record<string, number> = {'@': 0x00, space: 0x00, '\\': 0x1C, ']': 0x1D, '^': 0x1E, '_': 0x1F, '/': 0x1F};

// Control bytes that are also ordinary keys: making one of them the prefix would take that key away.
const reservedBytes: Record<number, string> = {
	0x09: 'Tab',
	0x0A: 'Enter',
	0x0D: 'Enter',
	0x1B: 'Escape (every arrow and function key starts with it)',
};

// Keys with names, as xterm sends them: CSI/SS3 final letter or CSI number ~ (modifiers go in as a parameter).
const namedKeys: Record<string, {final: string; number?: number}> = {
	up: {final: 'A'}, down: {final: 'B'}, right: {final: 'C'}, left: {final: 'D'}, home: {final: 'H'}, end: {final: 'F'},
	f1: {final: 'P'}, f2: {final: 'Q'}, f3: {final: 'R'}, f4: {final: 'S'},
	insert: {final: '~', number: 2}, delete: {final: '~', number: 3}, pageup: {final: '~', number: 5}, pagedown: {final: '~', number: 6},
	f5: {final: '~', number: 15}, f6: {final: '~', number: 17}, f7: {final: '~', number: 18}, f8: {final: '~', number: 19},
	f9: {final: '~', number: 20}, f10: {final: '~', number: 21}, f11: {final: '~', number: 23}, f12: {final: '~', number: 24},
};

// tmux's other names for keys.
const keyAliases: Record<string, string> = {ppage: 'pageup', pgup: 'pageup', npage: 'pagedown', pgdn: 'pagedown', ic: 'insert', dc: 'delete'};

/**
A prefix key as people write it, tmux's way ('C-b', 'C-a', 'C-Space', 'M-a', 'F12', 'M-F1', 'C-M-x', '`'; also '^b',
'Ctrl+b', 'Alt+a') → what the terminal sends for it ('\x02', '\x1Ba', '\x1B[24~'). Any key will do except Tab,
Enter and Escape, which would be lost to everything else.
*/
export function parsePrefixKey(spec: string): string {
	const invalid = (why: string) => new Error(`Invalid prefix key "${spec}": ${why}`);
	let rest = spec.trim();
	const modifiers = {ctrl: false, meta: false, shift: false};
	for (;;) {
		const match = /^(?:(C-|\^|ctrl[-+])|(M-|alt[-+]|meta[-+])|(S-|shift[-+]))(.+)$/i.exec(rest);
		if (!match) {
			break;
		}

		modifiers.ctrl ||= match[1] !== undefined;
		modifiers.meta ||= match[2] !== undefined;
		modifiers.shift ||= match[3] !== undefined;
		rest = match[4]!;
	}

	const lower = rest.toLowerCase();
	const name = keyAliases[lower] ?? lower;
	const named = namedKeys[name];
	if (named) {
		const parameter = 1 + (modifiers.shift ? 1 : 0) + (modifiers.meta ? 2 : 0) + (modifiers.ctrl ? 4 : 0);
		if (named.number !== undefined) {
			return `\u001B[${named.number}${parameter > 1 ? `;${parameter}` : ''}~`;
		}

		const ss3 = name.startsWith('f');
		return parameter > 1 ? `\u001B[1;${parameter}${named.final}` : `\u001B${ss3 ? 'O' : '['}${named.final}`;
	}

	let text: string;
	if (lower === 'space') {
		text = ' ';
	} else if ([...rest].length === 1) {
		text = rest;
	} else {
		throw invalid('use a key as tmux writes it, like C-b, C-a, M-a, F12 or `');
	}

	if (modifiers.ctrl) {
		let code: number | undefined;
		if (/^[a-z]$/i.test(text)) {
			code = text.toLowerCase().charCodeAt(0) - 0x60;
		} else {
			code = ctrlSymbols[text === ' ' ? 'space' : text] ?? (text === '[' ? 0x1B : undefined);
		}

		if (code === undefined) {
			throw invalid('terminals send Ctrl with a letter, Space, @, \\, ], ^, _ or /, nothing else');
		}

		const reserved = reservedBytes[code];
		if (reserved !== undefined) {
			throw invalid(`the terminal sends it as ${reserved}, so it cannot be a prefix`);
		}

		text = String.fromCharCode(code);
	} else if (modifiers.shift) {
		if (text.toUpperCase() === text.toLowerCase()) {
			throw invalid('Shift goes with a letter or a named key (S-F1)');
		}

		text = text.toUpperCase();
	} else if (/^[\p{L}\p{N} ]$/u.test(text) && !modifiers.meta) {
		throw invalid('a letter, digit or space alone would be lost to typing (a symbol such as ` will do)');
	}

	return (modifiers.meta ? '\u001B' : '') + text;
}

// How describeKey names keys that are not characters (tmux's names).
const keyNames: Record<string, string> = {
	up: 'Up', down: 'Down', left: 'Left', right: 'Right', home: 'Home', end: 'End', pageup: 'PageUp', pagedown: 'PageDown',
	insert: 'Insert', delete: 'Delete', return: 'Enter', enter: 'Enter', tab: 'Tab', escape: 'Escape', backspace: 'BSpace',
	space: 'Space', ' ': 'Space', clear: 'Clear', 'focus-in': 'FocusIn', 'focus-out': 'FocusOut', mouse: 'Mouse',
	'paste-start': 'PasteStart', 'paste-end': 'PasteEnd',
	...Object.fromEntries(Array.from({length: 12}, (_, index) => [`f${index + 1}`, `F${index + 1}`])),
};

/** A key as tmux writes it: 'C-b', 'M-w', 'PageUp', 'S-Tab', 'F12', 'x', 'V'; escape sequences it does not know, escaped. */
export function describeKey(key: Key): string {
	if (key.name === 'unknown') {
		return JSON.stringify(key.sequence).slice(1, -1).replaceAll('\\u001b', '\\e');
	}

	const named = keyNames[key.name];
	// A capital letter says Shift by itself (kitty's protocol reports Shift+g as g with Shift).
	const letter = [...key.name].length === 1 && key.name.toUpperCase() !== key.name.toLowerCase();
	if (letter && key.shift) {
		return (key.ctrl ? 'C-' : '') + (key.meta ? 'M-' : '') + key.name.toUpperCase();
	}

	const shift = key.shift && !letter;
	const modifiers = (key.ctrl ? 'C-' : '') + (key.meta ? 'M-' : '') + (shift ? 'S-' : '');
	 
	const base = named ?? (/[\u0000-\u001F\u007F-\u009F]/.test(key.name) ? JSON.stringify(key.name).slice(1, -1) : key.name);
	return modifiers + base;
}

/** The readable name of a prefix as parsePrefixKey encodes it: '\x02' → 'C-b', '\x1B[24~' → 'F12'. */
export function describePrefixKey(prefix: string): string {
	return prefix === '' ? '' : describeKey(decodeKeyAt(prefix, 0));
}

// --- Decoding keys ----------------------------------------------------------------------------------------

export type Key = {
	name: string;
	ctrl: boolean;
	meta: boolean;
	shift: boolean;
	sequence: string;
	/** Kitty's keyboard protocol reports repeats and releases too (flag 2); every other encoding, presses only. */
	event?: 'press' | 'repeat' | 'release';
};

const pasteStart = '\u001B[200~';
const pasteEnd = '\u001B[201~';

// CSI/SS3 final bytes that name a key by themselves.
const letterKeys: Record<string, string> = {
	A: 'up',
	B: 'down',
	C: 'right',
	D: 'left',
	E: 'clear',
	F: 'end',
	H: 'home',
	P: 'f1',
	Q: 'f2',
	R: 'f3',
	S: 'f4',
};

// CSI <number> ~ keys (xterm, VT220 and rxvt numbering).
const tildeKeys: Record<number, string> = {
	1: 'home',
	2: 'insert',
	3: 'delete',
	4: 'end',
	5: 'pageup',
	6: 'pagedown',
	7: 'home',
	8: 'end',
	11: 'f1',
	12: 'f2',
	13: 'f3',
	14: 'f4',
	15: 'f5',
	17: 'f6',
	18: 'f7',
	19: 'f8',
	20: 'f9',
	21: 'f10',
	23: 'f11',
	24: 'f12',
	200: 'paste-start',
	201: 'paste-end',
};

// SS3 keypad keys in application keypad mode.
const keypadKeys: Record<string, string> = {
	M: 'enter',
	j: '*',
	k: '+',
	l: ',',
	m: '-',
	n: '.',
	o: '/',
	p: '0',
	q: '1',
	r: '2',
	s: '3',
	t: '4',
	u: '5',
	v: '6',
	w: '7',
	x: '8',
	y: '9',
};

function key(name: string, sequence: string, modifiers: Partial<Pick<Key, 'ctrl' | 'meta' | 'shift'>> = {}): Key {
	return {name, ctrl: false, meta: false, shift: false, ...modifiers, sequence};
}

// xterm modifier parameter: 1 + bit flags (1 shift, 2 alt, 4 ctrl, 8 meta).
function modifiersOf(parameter: string | undefined): Pick<Key, 'ctrl' | 'meta' | 'shift'> {
	const bits = Math.max(0, (Number(parameter) || 1) - 1);
	return {shift: (bits & 1) !== 0, meta: (bits & 2) !== 0 || (bits & 8) !== 0, ctrl: (bits & 4) !== 0};
}

/** One key that is not an escape sequence: a control byte or a (possibly astral) character. */
function plainKey(char: string): Key {
	const code = char.codePointAt(0)!;
	switch (char) {
		case '\r': {
			return key('return', char);
		}

		case '\n': {
			return key('enter', char);
		}

		case '\t': {
			return key('tab', char);
		}

		case '\u007F':
		case '\b': {
			return key('backspace', char);
		}

		case '\u001B': {
			return key('escape', char);
		}

		default:
	}

	if (code === 0) {
		return key('space', char, {ctrl: true});
	}

	if (code <= 26) {
		return key(String.fromCharCode(code + 0x60), char, {ctrl: true});
	}

	if (code < 0x20) {
		return key('\\]^_'[code - 0x1C]!, char, {ctrl: true});
	}

	return key(char, char, {shift: char !== char.toLowerCase()});
}

/** The character (one code point, so a surrogate pair stays whole) at `index`. */
function charAt(data: string, index: number): string {
	return String.fromCodePoint(data.codePointAt(index)!);
}

/** The CSI sequence at `index` (which points at ESC [), or undefined when `data` ends before its final byte. */
function decodeCsi(data: string, index: number): Key | undefined {
	const body = index + 2;
	// Linux console F1-F5: ESC [ [ A..E.
	if (data[body] === '[' && body + 1 < data.length) {
		const sequence = data.slice(index, body + 2);
		const name = {A: 'f1', B: 'f2', C: 'f3', D: 'f4', E: 'f5'}[data[body + 1]!];
		return key(name ?? 'unknown', sequence);
	}

	// X10 mouse report: ESC [ M and three raw bytes.
	if (data[body] === 'M') {
		const end = Math.min(data.length, body + 4);
		return key(end === body + 4 ? 'mouse' : 'unknown', data.slice(index, end));
	}

	let end = body;
	while (end < data.length && /[\u0030-\u003F]/.test(data[end]!)) {
		end++; // Parameter bytes.
	}

	while (end < data.length && /[\u0020-\u002F]/.test(data[end]!)) {
		end++; // Intermediate bytes.
	}

	if (end >= data.length) {
		return undefined;
	}

	const final = data[end]!;
	const sequence = data.slice(index, end + 1);
	if (!/[\u0040-\u007E]/.test(final)) {
		// Not a well-formed sequence: "ESC [" alone is Alt+[; otherwise keep what we have as one key.
		return end === body ? key('[', data.slice(index, end), {meta: true}) : key('unknown', data.slice(index, end));
	}

	const parameters = data.slice(body, end);
	if (parameters.startsWith('<') && (final === 'M' || final === 'm')) {
		return key('mouse', sequence);
	}

	const fields = parameters.split(';');
	if (final === '~' && fields[0] === '27' && fields.length === 3 && /^\d+$/.test(fields[2]!)) {
		// xterm's modifyOtherKeys: CSI 27 ; modifiers ; codepoint ~.
		return codepointKey(Number(fields[2]), fields[1], undefined, sequence);
	}

	if (final === '~') {
		const name = tildeKeys[Number(fields[0])];
		return {...key(name ?? 'unknown', sequence, modifiersOf(fields[1]?.split(':')[0])), ...eventOf(fields[1])};
	}

	const kitty = /^(\d{1,7})(?::[\d:]*)?(?:;(\d*)(?::(\d))?(?:;[\d:]*)?)?$/.exec(parameters);
	if (final === 'u' && kitty && Number(kitty[1]) <= 0x10_FF_FF) {
		// Kitty / fixterms: CSI codepoint[:alternates] ; modifiers[:event] [; text] u.
		return codepointKey(Number(kitty[1]), kitty[2], kitty[3], sequence);
	}

	if (final === 'Z' && parameters === '') {
		return key('tab', sequence, {shift: true});
	}

	if (final === 'I' && parameters === '') {
		return key('focus-in', sequence);
	}

	if (final === 'O' && parameters === '') {
		return key('focus-out', sequence);
	}

	const name = letterKeys[final];
	if (name !== undefined && /^(1?(;\d+(:\d)?)?)?$/.test(parameters)) {
		return {...key(name, sequence, modifiersOf(fields[1]?.split(':')[0])), ...eventOf(fields[1])};
	}

	return key('unknown', sequence);
}

/** A key reported by its code point (kitty's CSI u, xterm's modifyOtherKeys), as the same key typed plainly. */
function codepointKey(codePoint: number, modifiers: string | undefined, event: string | undefined, sequence: string): Key {
	const base = plainKey(String.fromCodePoint(codePoint));
	const bits = modifiersOf(modifiers);
	return {
		...base,
		ctrl: base.ctrl || bits.ctrl,
		meta: bits.meta,
		shift: base.shift || bits.shift,
		sequence,
		...(event === '2' ? {event: 'repeat' as const} : event === '3' ? {event: 'release' as const} : {}),
	};
}

/** Kitty's event type after the modifiers (`;5:3`): repeat or release; a press says nothing. */
function eventOf(field: string | undefined): Pick<Key, 'event'> {
	const event = field?.split(':')[1];
	return event === '2' ? {event: 'repeat'} : event === '3' ? {event: 'release'} : {};
}

/** Whether two keys are the same key with the same modifiers, however each was encoded. */
export function sameKey(a: Key, b: Key): boolean {
	return a.name === b.name && a.ctrl === b.ctrl && a.meta === b.meta && a.shift === b.shift;
}

/** The SS3 sequence at `index` (ESC O), or undefined when `data` ends too early. */
function decodeSs3(data: string, index: number): Key | undefined {
	let end = index + 2;
	while (end < data.length && /\d/.test(data[end]!)) {
		end++; // Some terminals put the modifier here: ESC O 5 A.
	}

	if (end >= data.length) {
		return undefined;
	}

	const final = data[end]!;
	const sequence = data.slice(index, end + 1);
	const modifiers = modifiersOf(data.slice(index + 2, end) || undefined);
	const name = letterKeys[final] ?? keypadKeys[final];
	return name === undefined ? key('unknown', sequence) : key(name, sequence, modifiers);
}

/** The key starting at `index` (which must be inside `data`). */
export function decodeKeyAt(data: string, index: number): Key {
	const char = charAt(data, index);
	if (char !== '\u001B' || index + 1 >= data.length) {
		return plainKey(char);
	}

	const next = data[index + 1]!;
	if (next === '[' || next === 'O') {
		const decoded = next === '[' ? decodeCsi(data, index) : decodeSs3(data, index);
		if (decoded) {
			return decoded;
		}

		// Cut short: a lone "ESC [" is what Alt+[ sends; anything longer is an unfinished sequence.
		if (index + 2 >= data.length) {
			return key(next, data.slice(index), {meta: true, shift: next === 'O'});
		}

		return key('unknown', data.slice(index));
	}

	// ESC before another key is Alt (meta) + that key; old rxvt also sends ESC before a whole sequence.
	const inner = decodeKeyAt(data, index + 1);
	if (inner.name === 'unknown') {
		return {...inner, sequence: '\u001B' + inner.sequence};
	}

	return {...inner, meta: true, sequence: '\u001B' + inner.sequence};
}

/** Splits raw terminal input into keys, in order. */
export function decodeKeys(data: string): Key[] {
	const keys: Key[] = [];
	for (let index = 0; index < data.length;) {
		const decoded = decodeKeyAt(data, index);
		keys.push(decoded);
		index += decoded.sequence.length;
	}

	return keys;
}

// --- The prefix state machine -----------------------------------------------------------------------------

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
