// Raw input: prefix key parsing, key decoding, and the prefix machine that must pass everything else through
// byte for byte.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeKey, describePrefixKey, parsePrefixKey} from '../../source/tui/key-names.js';
import {decodeKeys, type Key} from '../../source/tui/keys.js';
import {PrefixMachine, type InputAction} from '../../source/tui/prefix-machine.js';

const ctrlB = '\u0002';

/** name plus the modifiers that are set, e.g. 'C-M-up', for compact assertions. */
function short(key: Key): string {
	return (key.ctrl ? 'C-' : '') + (key.meta ? 'M-' : '') + (key.shift ? 'S-' : '') + key.name;
}

function names(data: string): string[] {
	return decodeKeys(data).map(key => short(key));
}

/** Everything the machine sends, concatenated, and the commands it saw (what follows a command is fed on, as the app does). */
function run(machine: PrefixMachine, ...chunks: string[]): {sent: string; commands: string[]; actions: InputAction[]} {
	const feed = (chunk: string): InputAction[] => {
		const actions = machine.feed(chunk);
		const last = actions.at(-1);
		return last?.type === 'command' && last.rest !== '' ? [...actions, ...feed(last.rest)] : actions;
	};

	const actions = chunks.flatMap(chunk => feed(chunk));
	return {
		sent: actions.map(action => (action.type === 'send' ? action.data : '')).join(''),
		commands: actions.flatMap(action => (action.type === 'command' ? [short(action.key)] : [])),
		actions,
	};
}

test('prefix keys: written forms parse to the byte the chord sends', () => {
	assert.equal(parsePrefixKey('C-b'), '\u0002');
	assert.equal(parsePrefixKey('C-a'), '\u0001');
	assert.equal(parsePrefixKey('^b'), '\u0002');
	assert.equal(parsePrefixKey('Ctrl+B'), '\u0002');
	assert.equal(parsePrefixKey('C-Space'), '\u0000');
	assert.equal(parsePrefixKey('C-@'), '\u0000');
	assert.equal(parsePrefixKey('C-]'), '\u001D');
	assert.equal(parsePrefixKey('C-\\'), '\u001C');
});

test('prefix keys: nonsense and keys that would take over Tab, Enter or Escape are refused clearly', () => {
	for (const spec of ['b', '1', 'C-', 'C-bb', 'C-1', '', 'Space', 'F13', 'S-1']) {
		assert.throws(() => parsePrefixKey(spec), /Invalid prefix key/, spec);
	}

	assert.throws(() => parsePrefixKey('C-['), /Escape/);
	assert.throws(() => parsePrefixKey('C-i'), /Tab/);
	assert.throws(() => parsePrefixKey('C-m'), /Enter/);
});

test('prefix keys: Meta, function keys and symbols are prefixes too, encoded as xterm sends them', () => {
	assert.equal(parsePrefixKey('M-a'), '\u001Ba');
	assert.equal(parsePrefixKey('Alt+a'), '\u001Ba');
	assert.equal(parsePrefixKey('F1'), '\u001BOP');
	assert.equal(parsePrefixKey('F12'), '\u001B[24~');
	assert.equal(parsePrefixKey('M-F12'), '\u001B[24;3~');
	assert.equal(parsePrefixKey('C-M-x'), '\u001B\u0018');
	assert.equal(parsePrefixKey('`'), '`');
	assert.equal(parsePrefixKey('PPage'), '\u001B[5~');
});

test('prefix machine: an F12 or M-a prefix is found however the terminal sends it, and twice sends it once', () => {
	const f12 = new PrefixMachine(parsePrefixKey('F12'));
	assert.deepEqual(run(f12, 'a\u001B[24~nb').commands, ['n']);
	assert.equal(run(new PrefixMachine(parsePrefixKey('F12')), '\u001B[24~\u001B[24~').sent, '\u001B[24~');
	const meta = new PrefixMachine(parsePrefixKey('M-a'));
	const typed = run(meta, 'xa\u001Ba\u001B[Ba');
	assert.deepEqual([typed.sent, typed.commands], ['xaa', ['down']]);
	// Kitty's protocol reports Alt+a as CSI 97;3u.
	assert.deepEqual(run(new PrefixMachine(parsePrefixKey('M-a')), '\u001B[97;3uc').commands, ['c']);
	const backtick = run(new PrefixMachine('`'), 'ls`d');
	assert.deepEqual([backtick.sent, backtick.commands], ['ls', ['d']]);
});

test('keys: named as tmux names them, for messages', () => {
	assert.deepEqual(decodeKeys('\u001B[5~\u001B[Z\u0017V\u001Bw\u001B[24;3~ \u0000\r\u001B[99x').map(key => describeKey(key)), [
		'PageUp', 'S-Tab', 'C-w', 'V', 'M-w', 'M-F12', 'Space', 'C-Space', 'Enter', '\\e[99x',
	]);
	// Kitty's protocol says Shift+g as g with Shift: still G.
	assert.equal(describeKey(decodeKeys('\u001B[103;2u')[0]!), 'G');
});

test('prefix keys: bytes describe back to their written form', () => {
	for (const spec of ['C-a', 'C-b', 'C-z', 'C-Space', 'C-]', 'C-\\', 'C-_', 'M-a', 'F12', 'M-F1', '`']) {
		assert.equal(describePrefixKey(parsePrefixKey(spec)), spec);
	}
});

test('decodeKeys: printable text is one key per character, including UTF-8 and emoji', () => {
	assert.deepEqual(names('abc'), ['a', 'b', 'c']);
	assert.deepEqual(names('Aé€'), ['S-A', 'é', '€']);
	const emoji = decodeKeys('😀x');
	assert.deepEqual(emoji.map(key => key.sequence), ['😀', 'x']);
	assert.equal(emoji[0]!.name, '😀');
});

test('decodeKeys: control keys', () => {
	assert.deepEqual(names('\r\n\t\u007F\b\u001B'), ['return', 'enter', 'tab', 'backspace', 'backspace', 'escape']);
	assert.deepEqual(names('\u0001\u0003\u001A\u0000'), ['C-a', 'C-c', 'C-z', 'C-space']);
	assert.deepEqual(names('\u001B[Z'), ['S-tab']);
});

test('decodeKeys: arrows in CSI and SS3 forms, with modifiers', () => {
	assert.deepEqual(names('\u001B[A\u001B[B\u001B[C\u001B[D'), ['up', 'down', 'right', 'left']);
	assert.deepEqual(names('\u001BOA\u001BOB\u001BOC\u001BOD'), ['up', 'down', 'right', 'left']);
	assert.deepEqual(names('\u001B[1;5A\u001B[1;2B\u001B[1;3C\u001B[1;6D'), ['C-up', 'S-down', 'M-right', 'C-S-left']);
	assert.deepEqual(names('\u001B\u001B[A'), ['M-up']);
});

test('decodeKeys: navigation and function keys', () => {
	assert.deepEqual(names('\u001B[5~\u001B[6~\u001B[3~\u001B[2~'), ['pageup', 'pagedown', 'delete', 'insert']);
	assert.deepEqual(names('\u001B[H\u001B[F\u001B[1~\u001B[4~\u001BOH\u001BOF'), ['home', 'end', 'home', 'end', 'home', 'end']);
	assert.deepEqual(names('\u001BOP\u001BOQ\u001BOR\u001BOS'), ['f1', 'f2', 'f3', 'f4']);
	assert.deepEqual(
		names('\u001B[15~\u001B[17~\u001B[18~\u001B[19~\u001B[20~\u001B[21~\u001B[23~\u001B[24~'),
		['f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12'],
	);
	assert.deepEqual(names('\u001B[1;5P\u001B[15;2~\u001B[5;5~'), ['C-f1', 'S-f5', 'C-pageup']);
	assert.deepEqual(names('\u001B[[A'), ['f1']);
});

test('decodeKeys: meta is ESC before a key', () => {
	assert.deepEqual(names('\u001Bb\u001BB\u001B\u007F\u001B\r\u001B\u0001'), ['M-b', 'M-S-B', 'M-backspace', 'M-return', 'C-M-a']);
	assert.deepEqual(names('\u001B\u001B'), ['M-escape']);
});

test('decodeKeys: sequences stay whole and keep their bytes; unknown ones are one key', () => {
	const data = 'a\u001B[<0;10;5M\u001B[99;99z\u001B[Mab!b';
	const keys = decodeKeys(data);
	assert.deepEqual(keys.map(key => key.name), ['a', 'mouse', 'unknown', 'mouse', 'b']);
	assert.equal(keys.map(key => key.sequence).join(''), data);
	assert.deepEqual(names('\u001B[200~x\u001B[201~'), ['paste-start', 'x', 'paste-end']);
});

test('decodeKeys: a cut-off escape sequence does not swallow or invent bytes', () => {
	for (const data of ['\u001B[', '\u001BO', '\u001B[1;5', '\u001B[M!', 'x\u001B']) {
		assert.equal(decodeKeys(data).map(key => key.sequence).join(''), data, JSON.stringify(data));
	}

	assert.deepEqual(names('\u001B['), ['M-[']);
	assert.deepEqual(names('\u001B[\u0002'), ['M-[', 'C-b']);
});

test('prefix machine: input without the prefix passes through byte for byte, in one send', () => {
	const inputs = [
		'hello world\r',
		'\u0003',
		'\u001B',
		'\u001B[15~\u001BOP\u001B[24;5~',
		'\u001B[<0;10;5M\u001B[<0;10;5m',
		'\u001B[M !!',
		'\u001B[A\u001B[1;5D',
		'héllo 😀 \u0000\u0001\u007F',
	];
	for (const data of inputs) {
		const machine = new PrefixMachine(ctrlB);
		assert.deepEqual(machine.feed(data), [{type: 'send', data}], JSON.stringify(data));
		assert.equal(machine.pending, false);
	}
});

test('prefix machine: prefix then a key is a command, decoded as a key', () => {
	const machine = new PrefixMachine(ctrlB);
	assert.deepEqual(run(machine, 'ls\r' + ctrlB + 'd').actions, [
		{type: 'send', data: 'ls\r'},
		{type: 'command', key: {name: 'd', ctrl: false, meta: false, shift: false, sequence: 'd'}, rest: ''},
	]);
	// The machine stops after a command: what followed it is for whatever the command opened.
	assert.deepEqual(new PrefixMachine(ctrlB).feed(ctrlB + ',newname\r').at(-1), {
		type: 'command', key: {name: ',', ctrl: false, meta: false, shift: false, sequence: ','}, rest: 'newname\r',
	});
	const arrows = run(new PrefixMachine(ctrlB), ctrlB + '\u001B[B' + ctrlB + '\u001B[1;5A' + ctrlB + 'n');
	assert.deepEqual(arrows.commands, ['down', 'C-up', 'n']);
	assert.equal(arrows.sent, '');
	const between = run(new PrefixMachine(ctrlB), 'a' + ctrlB + 'xb');
	assert.deepEqual([between.sent, between.commands], ['ab', ['x']]);
});

test('prefix machine: prefix twice sends one prefix, merged with the bytes around it', () => {
	const machine = new PrefixMachine(ctrlB);
	assert.deepEqual(machine.feed('a' + ctrlB + ctrlB + 'b'), [{type: 'send', data: 'a' + ctrlB + 'b'}]);
	const three = run(new PrefixMachine(ctrlB), ctrlB + ctrlB + ctrlB + 'c');
	assert.deepEqual([three.sent, three.commands], [ctrlB, ['c']]);
});

test('prefix machine: a prefix at the end of a read waits for the next read', () => {
	const machine = new PrefixMachine(ctrlB);
	assert.deepEqual(machine.feed('x' + ctrlB), [{type: 'send', data: 'x'}]);
	assert.equal(machine.pending, true);
	assert.deepEqual(run(machine, '\u001B[A' + 'y').commands, ['up']);
	assert.equal(machine.pending, false);
	machine.feed(ctrlB);
	assert.deepEqual(machine.feed(ctrlB), [{type: 'send', data: ctrlB}]);
	assert.equal(machine.pending, false);
});

test('prefix machine: a configured prefix works and C-b is then ordinary input', () => {
	const machine = new PrefixMachine(parsePrefixKey('C-a'));
	const result = run(machine, ctrlB + 'x\u0001c');
	assert.deepEqual([result.sent, result.commands], [ctrlB + 'x', ['c']]);
});

test('prefix machine: a bracketed paste goes through whole, prefix bytes included', () => {
	const paste = '\u001B[200~one ' + ctrlB + 'd two\r\n' + ctrlB + ctrlB + '\u001B[201~';
	const machine = new PrefixMachine(ctrlB);
	assert.deepEqual(machine.feed('a' + paste + 'b'), [{type: 'send', data: 'a' + paste + 'b'}]);
	// After the paste the prefix works again.
	assert.deepEqual(run(machine, ctrlB + 'd').commands, ['d']);
});

test('prefix machine: a paste split across reads, even inside its markers, still goes through whole', () => {
	const paste = '\u001B[200~x' + ctrlB + 'd' + ctrlB + '\u001B[201~';
	for (let cut = 1; cut < paste.length; cut++) {
		for (let cut2 = cut; cut2 < paste.length; cut2++) {
			const machine = new PrefixMachine(ctrlB);
			const result = run(machine, paste.slice(0, cut), paste.slice(cut, cut2), paste.slice(cut2) + ctrlB + 'n');
			assert.equal(result.sent, paste, `cuts ${cut},${cut2}`);
			assert.deepEqual(result.commands, ['n'], `cuts ${cut},${cut2}`);
		}
	}
});

test('prefix machine: prefix then a paste drops the prefix and sends the paste', () => {
	const machine = new PrefixMachine(ctrlB);
	const paste = '\u001B[200~' + ctrlB + 'x\u001B[201~';
	const result = run(machine, ctrlB, paste);
	assert.deepEqual([result.sent, result.commands], [paste, []]);
});

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

const pieces = ['a', 'Z', ' ', '\r', '\u001B', '[', 'O', '1', ';', '5', '~', 'A', 'M', '<', '200~', '201~', '\u0003', '\u007F', 'é', '😀', '\u001B[', '\u001B[200~', '\u001B[201~', '99999999u', '\u0002'];

test('decodeKeys: any input decodes without throwing, and the keys add up to the input', () => {
	const next = random(7);
	for (let round = 0; round < 2000; round++) {
		const data = Array.from({length: 1 + Math.floor(next() * 12)}, () => pieces[Math.floor(next() * pieces.length)]!).join('');
		const keys = decodeKeys(data);
		assert.equal(keys.map(key => key.sequence).join(''), data, JSON.stringify(data));
		assert.ok(keys.every(key => key.sequence.length > 0));
	}
});

test('prefix machine: input without the prefix survives any chunking unchanged', () => {
	const next = random(11);
	const noPrefix = pieces.filter(piece => !piece.includes(ctrlB));
	for (let round = 0; round < 500; round++) {
		const data = Array.from({length: 1 + Math.floor(next() * 20)}, () => noPrefix[Math.floor(next() * noPrefix.length)]!).join('');
		const chunks: string[] = [];
		for (let at = 0; at < data.length;) {
			const size = 1 + Math.floor(next() * 6);
			chunks.push(data.slice(at, at + size));
			at += size;
		}

		const result = run(new PrefixMachine(ctrlB), ...chunks);
		assert.equal(result.sent, data, JSON.stringify(chunks));
		assert.deepEqual(result.commands, []);
	}
});

test('keyboard protocol: what the terminal is asked for, and keys re-encoded between encodings', async () => {
	const {keyboardTransition, outerKeyboard, translateKeys} = await import('../../source/tui/keyboard.js');
	const kitty5 = {kitty: 5, modifyOtherKeys: 2};
	assert.deepEqual(outerKeyboard(kitty5, true), {kitty: 5, modifyOtherKeys: 0});
	assert.deepEqual(outerKeyboard(kitty5, false), {kitty: 0, modifyOtherKeys: 2});
	assert.deepEqual(outerKeyboard({kitty: 0, modifyOtherKeys: 2}, true), {kitty: 1, modifyOtherKeys: 0});
	assert.equal(keyboardTransition({kitty: 0, modifyOtherKeys: 0}, {kitty: 5, modifyOtherKeys: 0}), '\u001B[>5u');
	assert.equal(keyboardTransition({kitty: 5, modifyOtherKeys: 0}, {kitty: 1, modifyOtherKeys: 0}), '\u001B[=1;1u');
	assert.equal(keyboardTransition({kitty: 1, modifyOtherKeys: 0}, {kitty: 0, modifyOtherKeys: 2}), '\u001B[<u\u001B[>4;2m');
	assert.equal(keyboardTransition({kitty: 0, modifyOtherKeys: 2}, {kitty: 0, modifyOtherKeys: 0}), '\u001B[>4m');
	const mok = {kitty: 0, modifyOtherKeys: 2};
	const kitty = {kitty: 1, modifyOtherKeys: 0};
	const legacy = {kitty: 0, modifyOtherKeys: 0};
	// Shift+Enter, Ctrl+a and Alt+x from a modifyOtherKeys terminal, for a kitty program; text and arrows untouched.
	assert.equal(translateKeys('hi\u001B[27;2;13~\u001B[27;5;97~\u001B[27;3;120~\u001B[A', mok, kitty), 'hi\u001B[13;2u\u001B[97;5u\u001B[120;3u\u001B[A');
	// And back: kitty's Shift+Enter for a modifyOtherKeys program; kitty's Escape and releases for a legacy one.
	assert.equal(translateKeys('\u001B[13;2u', kitty, mok), '\u001B[27;2;13~');
	assert.equal(translateKeys('\u001B[27u\u001B[97;5u\u001B[97;5:3u\u001B[13;2u', {kitty: 3, modifyOtherKeys: 0}, legacy), '\u001B\u0001\r');
	assert.equal(translateKeys('\u001B[13;2u', kitty, kitty), '\u001B[13;2u', 'the same encoding passes through');
});

test('keys: kitty CSI u with event types and alternate keys, and modifyOtherKeys, decode to the same keys', () => {
	const ctrlB = decodeKeys('\u001B[98;5u')[0]!;
	assert.deepEqual([ctrlB.name, ctrlB.ctrl, ctrlB.event], ['b', true, undefined]);
	assert.equal(decodeKeys('\u001B[98;5:3u')[0]!.event, 'release');
	assert.equal(decodeKeys('\u001B[98:66;6u')[0]!.shift, true);
	const otherKeys = decodeKeys('\u001B[27;5;98~')[0]!;
	assert.deepEqual([otherKeys.name, otherKeys.ctrl], ['b', true]);
	assert.equal(decodeKeys('\u001B[A\u001B[1;5A').map(key => `${key.name}${key.ctrl ? '+ctrl' : ''}`).join(' '), 'up up+ctrl');
});
