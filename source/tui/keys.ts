// Raw terminal input decoded into keys: control bytes, characters, CSI and SS3 sequences (xterm's modifiers, kitty's
// keyboard protocol, modifyOtherKeys), mouse reports and paste markers, each key with the bytes it came as. We read
// stdin ourselves because Ink's useInput drops F-keys, ESC in mouse and paste sequences, and splits pastes. Keys as
// people write them (the prefix, C-b) are key-names.ts's; what goes to the session and what is a command for us is
// prefix-machine.ts's.

export type Key = {
	name: string;
	ctrl: boolean;
	meta: boolean;
	shift: boolean;
	sequence: string;
	/** Kitty's keyboard protocol reports repeats and releases too (flag 2); every other encoding, presses only. */
	event?: 'press' | 'repeat' | 'release';
};

export const pasteStart = '\u001B[200~';
export const pasteEnd = '\u001B[201~';

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
