// The chrome as a person sees it: text content, exact sizes, and highlights that differ where they should.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters as strip} from 'node:util';
import React from 'react';
import {agentHome, agentSession} from '../helpers/fake-client.js';

// Colour support is decided when chalk loads, from stdout, which is a pipe under the test runner: force it
// before Ink is imported so highlights can be compared.
process.env.FORCE_COLOR = '1';
const {render} = await import('ink-testing-library');
const {renderChrome, fitAnsi} = await import('../../source/tui/chrome/render.js');
const {Sidebar, scrollWindow} = await import('../../source/tui/chrome/sidebar.js');
const {StatusBar} = await import('../../source/tui/chrome/status-bar.js');
const {Help} = await import('../../source/tui/chrome/help.js');
const {NewSessionPrompt, RenamePrompt, ConfirmPrompt} = await import('../../source/tui/chrome/prompts.js');
const {NoSessions, TooSmall, SessionExited} = await import('../../source/tui/chrome/messages.js');
const {default: stringWidth} = await import('string-width');
// Ink renders what the light renderer does not: loaded as the TUI loads it after its first frame.
await (await import('../../source/tui/chrome/ink.js')).loadInk();

const home = agentHome;
const session = agentSession;

const mixed = [
	session(1),
	session(2, {status: 'exited', exitCode: 3, pid: undefined}),
	session(3, {status: 'exited', signal: 'SIGKILL', pid: undefined}),
	session(4, {name: 'a-session-name-far-too-long-for-any-sidebar'}),
];

function sidebar(props: Partial<React.ComponentProps<typeof Sidebar>> = {}) {
	const width = props.width ?? 28;
	return renderChrome(
		<Sidebar sessions={mixed} selectedId="s1" focused={false} width={width} height={12} attention={new Set()} home={home} {...props} />,
		width,
	);
}

/** Lines as text, trailing spaces dropped. */
function text(lines: string[]): string[] {
	return lines.map(line => strip(line).trimEnd());
}

/** The plain-text line that contains `needle`, and its index. */
function lineWith(lines: string[], needle: string): {index: number; line: string} {
	const index = text(lines).findIndex(line => line.includes(needle));
	assert.notEqual(index, -1, `no line contains ${JSON.stringify(needle)} in:\n${text(lines).join('\n')}`);
	return {index, line: text(lines)[index]!};
}

/** Whether `needle` in `line` is drawn dim (SGR 2 is on where it starts). */
function isDim(line: string, needle: string): boolean {
	const before = line.slice(0, line.indexOf(needle));
	return before.lastIndexOf('\u001B[2m') > before.lastIndexOf('\u001B[22m');
}

function assertSize(lines: string[], width: number, height?: number) {
	if (height !== undefined) {
		assert.equal(lines.length, height, 'line count');
	}

	for (const line of lines) {
		assert.equal(stringWidth(line), width, `width of ${JSON.stringify(strip(line))}`);
	}
}

test('renderChrome pads and cuts lines to exactly the width, styles included', () => {
	assert.equal(fitAnsi('\u001B[31mab\u001B[39m', 5), '\u001B[31mab\u001B[39m   ');
	const cut = fitAnsi('\u001B[31mabcdef\u001B[39m', 3);
	assert.equal(strip(cut), 'abc');
	assert.equal(stringWidth(fitAnsi('日本語', 4)), 4);
	assertSize(renderChrome(<StatusBar width={40} prefix="C-b" connection="connected" />, 40), 40, 1);
});

test('sidebar: names, numbers, running and exited states with code and signal', () => {
	const lines = sidebar();
	assert.match(text(lines)[0]!, /Sessions\s+4/);
	assert.match(lineWith(lines, 'agent-1').line, /1 ● agent-1/);
	assert.match(lineWith(lines, 'agent-2').line, /2 ✕ agent-2/);
	assert.match(lineWith(lines, 'agent-3').line, /3 ✕ agent-3/);
	const exited = lineWith(lines, 'agent-2');
	assert.match(text(lines)[exited.index + 1]!, /exit 3/);
	const killed = lineWith(lines, 'agent-3');
	assert.match(text(lines)[killed.index + 1]!, /SIGKILL/);
	// The directory line shows ~ for home.
	assert.match(text(lines)[lineWith(lines, 'agent-1').index + 1]!, /~\/src\/project-1/);
	assert.ok(!text(lines).join('\n').includes(home));
});

test('sidebar: each state has its own glyph and colour; waiting is spelled out', () => {
	const states = [
		session(1, {state: 'starting'}),
		session(2, {state: 'busy'}),
		session(3, {state: 'waiting', stateReason: {signal: 'rule', rule: 'claude.permission', detail: 'Do you want to proceed?', agent: 'claude', since: '2025-01-01T00:00:00.000Z'}}),
		session(4, {state: 'idle'}),
		session(5, {status: 'exited', exitCode: 0, pid: undefined}),
	];
	const lines = renderChrome(<Sidebar sessions={states} selectedId="s1" focused={false} width={28} height={12} attention={new Set()} home={home} />, 28);
	const glyphs = states.map(info => /^.\d (\S)/.exec(lineWith(lines, info.name).line)?.[1]);
	assert.deepEqual(glyphs, ['◌', '●', '◆', '○', '✕']);
	const colourOf = (name: string, glyph: string) => {
		const raw = lines[lineWith(lines, name).index]!;
		const before = raw.slice(0, raw.indexOf(glyph));
		return before.slice(before.lastIndexOf('\u001B[')).match(/\u001B\[([\d;]+)m/)?.[1];
	};

	const colours = new Set(['agent-2', 'agent-3', 'agent-4'].map((name, index) => colourOf(name, glyphs[index + 1]!)));
	assert.equal(colours.size, 3, 'busy, waiting and idle differ in colour');
	const waiting = lineWith(lines, 'agent-3');
	assert.match(text(lines)[waiting.index + 1]!, /waiting · …\/project-3/, "the directory keeps its end");
	assert.match(text(lines)[lineWith(lines, 'agent-2').index + 1]!, /^ +~\/src\/project-2/, 'other states leave the line to the directory');
});

test('sidebar: long names are cut with an ellipsis, never wrapped; size is exact with a right border', () => {
	const lines = sidebar({width: 24, height: 15});
	assertSize(lines, 24, 15);
	const long = lineWith(lines, 'a-session-name');
	assert.match(long.line, /a-session-name[\w-]*…/);
	assert.ok(!text(lines).some(line => line.includes('sidebar')), 'the rest of the long name must not wrap onto another line');
	for (const line of text(lines)) {
		assert.ok(line.endsWith('│'), `border on ${JSON.stringify(line)}`);
	}
});

test('sidebar: the selected entry is highlighted, more strongly when focused', () => {
	const unselected = lineWith(sidebar({selectedId: 's2'}), 'agent-1');
	const selectedLines = sidebar({selectedId: 's1'});
	const selected = lineWith(selectedLines, 'agent-1');
	const focusedLines = sidebar({selectedId: 's1', focused: true});
	// Same text apart from the selection marker, different styling.
	assert.equal(selected.line.slice(1), unselected.line.slice(1));
	// A background across the row marks the selection; focus changes it.
	const background = (line: string) => /\u001B\[(?:4[0-7]|10[0-7])m/.exec(line)?.[0];
	assert.equal(background(sidebar({selectedId: 's2'})[unselected.index]!), undefined);
	assert.ok(background(selectedLines[selected.index]!));
	assert.ok(background(selectedLines[selected.index + 1]!), 'the directory line is highlighted too');
	assert.ok(background(focusedLines[selected.index]!));
	assert.notEqual(background(focusedLines[selected.index]!), background(selectedLines[selected.index]!));
	// An id that is not in the list highlights nothing.
	assert.ok(!text(sidebar({selectedId: 'gone'})).some(line => line.startsWith('▌')));
	// Without colour the selection still shows.
	assert.ok(selected.line.startsWith('▌'));
	assert.ok(!unselected.line.startsWith('▌'));
});

test('sidebar: sessions that want attention carry a mark', () => {
	const marked = lineWith(sidebar({attention: new Set(['s3'])}), 'agent-3').line;
	const plain = lineWith(sidebar(), 'agent-3').line;
	assert.match(marked, /agent-3\s+!/);
	assert.doesNotMatch(plain, /!/);
});

test('sidebar: with 30 sessions in 10 rows the selection stays visible and the rest are counted', () => {
	const many = Array.from({length: 30}, (_, index) => session(index + 1));
	for (const selected of [1, 5, 17, 30]) {
		const lines = renderChrome(
			<Sidebar sessions={many} selectedId={`s${selected}`} focused width={28} height={10} attention={new Set()} home={home} />,
			28,
		);
		assertSize(lines, 28, 10);
		const plain = text(lines);
		const shown = plain.flatMap(line => /agent-(\d+)/.exec(line)?.[1] ?? []).map(Number);
		assert.ok(shown.includes(selected), `agent-${selected} shown in:\n${plain.join('\n')}`);
		const above = Number(/↑ (\d+) more/.exec(plain.join('\n'))?.[1] ?? 0);
		const below = Number(/↓ (\d+) more/.exec(plain.join('\n'))?.[1] ?? 0);
		assert.equal(above + shown.length + below, 30, plain.join('\n'));
		assert.equal(above, shown[0]! - 1);
		// Nine rows under the title: two "more" lines leave room for three two-line entries.
		assert.ok(shown.length >= 3, `only ${shown.length} entries shown`);
	}
});

test('sidebar: scroll window keeps the list at the top while the selection fits', () => {
	assert.deepEqual(scrollWindow(3, 2, 9), {start: 0, count: 3, above: 0, below: 0, twoLines: true});
	assert.equal(scrollWindow(30, 0, 9).start, 0);
	const last = scrollWindow(30, 29, 9);
	assert.equal(last.start + last.count, 30);
	assert.equal(last.below, 0);
});

test('sidebar: tiny sizes still give exactly the asked size', () => {
	for (const [width, height] of [[2, 1], [5, 3], [10, 2], [28, 4]] as const) {
		assertSize(sidebar({width, height}), width, height);
	}

	assertSize(renderChrome(<Sidebar sessions={[]} focused={false} width={20} height={5} attention={new Set()} />, 20), 20, 5);
});

test('status bar: name, mode, message, help and connection on one line of exact width', () => {
	const line = renderChrome(
		<StatusBar width={100} sessionName="agent-7" prefix="C-a" connection="reconnecting" message="agent-2 has exited" mode="SCROLL 12/2000" />,
		100,
	);
	assertSize(line, 100, 1);
	const plain = text(line)[0]!;
	assert.match(plain, /^ \[agent-7\] +SCROLL 12\/2000 +agent-2 has exited +C-a \? help +◌ reconnecting$/);
	const narrowLines = renderChrome(<StatusBar width={30} sessionName="agent-7" prefix="C-b" connection="disconnected" message={'x'.repeat(60)} />, 30);
	assertSize(narrowLines, 30, 1);
	const narrow = text(narrowLines)[0]!;
	assert.match(narrow, /agent-7/);
	assert.match(narrow, /x…/);
});

test('status bar: counts of waiting, busy and idle sessions; the waiting count stays longest', () => {
	const line = text(renderChrome(<StatusBar width={100} sessionName="api" prefix="C-b" connection="connected" counts={{waiting: 2, busy: 1, idle: 0}} />, 100))[0]!;
	assert.match(line, /\[api\] +2 waiting +1 busy +C-b \? help/);
	assert.doesNotMatch(line, /idle/, 'zero counts are left out');
	const cramped = text(renderChrome(<StatusBar width={60} sessionName="api" prefix="C-b" connection="connected" message="a message that wants the room" counts={{waiting: 2, busy: 3, idle: 4}} />, 60))[0]!;
	assert.match(cramped, /2 waiting/);
	assert.doesNotMatch(cramped, /4 idle/);
	assertSize(renderChrome(<StatusBar width={20} sessionName="api" prefix="C-b" connection="connected" counts={{waiting: 9, busy: 9, idle: 9}} />, 20), 20, 1);
});

test('status bar: through ink-testing-library the frame reads the same', () => {
	const {lastFrame, unmount} = render(<StatusBar width={60} sessionName="build" prefix="C-b" connection="embedded" mode="PREFIX" />);
	const frame = strip(lastFrame() ?? '');
	assert.match(frame, /\[build\] +PREFIX .*C-b \? help +◆ embedded/);
	unmount();
});

test('help: lists every key, and closes on any key', () => {
	const lines = renderChrome(<Help width={60} height={24} prefix="C-b" />, 60);
	assertSize(lines, 60, 24);
	const plain = text(lines).join('\n');
	for (const needle of [
		'C-b, then',
		'↑ ↓ p n ( )',
		'previous / next session',
		'1 … 9',
		'next session waiting for you',
		'new session',
		'kill session',
		'rename',
		's  Tab',
		'sidebar',
		'copy mode',
		'paste what was copied',
		'this help',
		'detach',
		'send C-b',
		'Enter back to pane',
		'Esc cancel',
		'/ ?  C-s C-r',
		'v V  C-Space',
		'q leave',
		'Press any key to close',
	]) {
		assert.ok(plain.includes(needle), `help lacks ${JSON.stringify(needle)}:\n${plain}`);
	}

	for (const key of ['w', 'c', 'x', ',  $', '[  ]', '?', 'd']) {
		assert.match(plain, new RegExp(`│\\s+${key.replaceAll(/[[?$]/g, '\\$&')}\\s{3,}\\w`), `key ${key}`);
	}
});

test('help: in a short area it keeps the title and the way out', () => {
	const lines = renderChrome(<Help width={40} height={6} prefix="C-a" />, 40);
	assertSize(lines, 40, 6);
	const plain = text(lines).join('\n');
	assert.match(plain, /claude-tui keys/);
	assert.match(plain, /Press any key to close/);
	assert.match(plain, /C-a, then/);
});

test('new session prompt: values, dimmed placeholders, a cursor in the focused field, the error and hints', () => {
	const render = (focusedField: 'name' | 'cwd' | 'command', error?: string) =>
		renderChrome(
			<NewSessionPrompt
				width={70}
				fields={{name: 'reviewer', cwd: '', command: ''}}
				placeholders={{name: 'automatic', cwd: '/srv/app', command: 'claude --resume'}}
				focusedField={focusedField}
				error={error}
			/>,
			70,
		);
	const lines = render('cwd', 'spawn failed: no such directory');
	assertSize(lines, 70);
	assert.match(lineWith(lines, 'Name').line, /Name\s+reviewer/);
	assert.match(lineWith(lines, 'Directory').line, /› Directory\s+\/srv\/app/);
	assert.match(lineWith(lines, 'Command').line, /Command\s+claude --resume/);
	lineWith(lines, 'spawn failed: no such directory');
	lineWith(lines, 'Tab next field (or completes) · Enter create · Esc cancel');
	// The cursor is an inverse cell in the focused row only.
	const inverse = '\u001B[7m';
	assert.ok(lines[lineWith(lines, 'Directory').index]!.includes(inverse));
	assert.ok(!lines[lineWith(lines, 'Name').index]!.includes(inverse));
	// Placeholders are dimmed, typed values are not.
	assert.ok(isDim(lines[lineWith(lines, 'Command').index]!, 'claude --resume'));
	assert.ok(!isDim(lines[lineWith(lines, 'Name').index]!, 'reviewer'));
	const moved = render('name');
	assert.ok(moved[lineWith(moved, 'Name').index]!.includes(inverse));
	assert.ok(!text(moved).join('\n').includes('spawn failed'));
});

test('new session prompt: a long value shows its end, where the typing is', () => {
	const lines = renderChrome(
		<NewSessionPrompt width={40} fields={{name: '', cwd: '', command: 'x'.repeat(50) + 'END'}} focusedField="command" />,
		40,
	);
	assertSize(lines, 40);
	assert.match(lineWith(lines, 'Command').line, /…x*END/);
});

test('rename and confirm prompts', () => {
	const rename = renderChrome(<RenamePrompt width={50} value="new-name" error="name taken" />, 50);
	assertSize(rename, 50);
	assert.match(lineWith(rename, 'Rename').line, /Rename session/);
	assert.match(lineWith(rename, 'Name').line, /Name\s+new-name/);
	lineWith(rename, 'name taken');
	const confirm = renderChrome(<ConfirmPrompt width={50} message='Kill session "agent-1"? (y/n)' />, 50);
	assertSize(confirm, 50);
	lineWith(confirm, 'Kill session "agent-1"? (y/n)');
	lineWith(confirm, 'y confirm');
});

test('no sessions: says how to start one, centred', () => {
	const lines = renderChrome(<NoSessions width={60} height={12} defaultCommand="claude" prefix="C-b" />, 60);
	assertSize(lines, 60, 12);
	const title = lineWith(lines, 'No sessions');
	lineWith(lines, 'Press Enter to start claude');
	lineWith(lines, 'C-b c for a new session with options');
	lineWith(lines, 'C-b d to detach');
	assert.ok(title.index > 0, 'vertically centred');
	const indent = title.line.length - title.line.trimStart().length;
	assert.ok(Math.abs(indent - (60 - 'No sessions'.length) / 2) <= 1, 'horizontally centred');
});

test('too small: readable at 10x3 and never crashes down to 1x1', () => {
	const lines = renderChrome(<TooSmall width={10} height={3} minWidth={48} minHeight={5} />, 10);
	assertSize(lines, 10, 3);
	const plain = text(lines).join('\n');
	assert.match(plain, /Too small/);
	assert.match(plain, /10x3/);
	assert.match(plain, /48x5/);
	assert.match(text(renderChrome(<TooSmall width={60} height={4} minWidth={48} minHeight={5} />, 60)).join('\n'), /Terminal too small[\s\S]*60x4, need 48x5/);
	for (let width = 1; width <= 12; width++) {
		for (let height = 1; height <= 4; height++) {
			assertSize(renderChrome(<TooSmall width={width} height={height} minWidth={48} minHeight={5} />, width), width, height);
		}
	}
});

test('session exited banner: code or signal, and what to do next', () => {
	const line = renderChrome(<SessionExited width={90} info={mixed[1]!} prefix="C-a" />, 90);
	assertSize(line, 90, 1);
	assert.match(text(line)[0]!, /Session exited with code 3 — Enter restores it, C-a x removes it/);
	const killed = text(renderChrome(<SessionExited width={90} info={mixed[2]!} />, 90))[0]!;
	assert.match(killed, /killed by SIGKILL — Enter restores it, prefix x removes it/);
	assertSize(renderChrome(<SessionExited width={20} info={mixed[2]!} />, 20), 20, 1);
});

test('every piece keeps its width (and height where it has one) in cramped areas', () => {
	for (const width of [1, 3, 8, 19]) {
		for (const height of [1, 2, 4]) {
			assertSize(renderChrome(<Help width={width} height={height} prefix="C-b" />, width), width, height);
			assertSize(renderChrome(<NoSessions width={width} height={height} defaultCommand="claude" prefix="C-b" />, width), width, height);
			assertSize(renderChrome(<Sidebar sessions={mixed} selectedId="s4" focused width={width} height={height} attention={new Set(['s4'])} />, width), width, height);
		}

		assertSize(renderChrome(<StatusBar width={width} sessionName="agent" prefix="C-b" connection="connected" message="hello" mode="PREFIX" />, width), width, 1);
		assertSize(renderChrome(<NewSessionPrompt width={width} fields={{name: 'n', cwd: 'c', command: 'x'}} focusedField="name" error="bad" />, width), width);
		assertSize(renderChrome(<RenamePrompt width={width} value="abc" />, width), width);
		assertSize(renderChrome(<ConfirmPrompt width={width} message="Kill?" />, width), width);
	}
});

test('with hosts, the sidebar groups sessions under this machine and each host, with its link, at its exact size', () => {
	const hosts = [
		{name: 'gpu', state: {kind: 'connected' as const}},
		{name: 'build', state: {kind: 'disconnected' as const, reason: 'build (b): it refused the connection', retryAt: undefined}},
		{name: 'vm', state: {kind: 'connecting' as const}},
	];
	const onHost = (host: string, index: number) => ({...session(index, {id: `${host}:s${index}`, name: `${host}:agent-${index}`}), host});
	const sessions = [session(1), onHost('gpu', 2), onHost('gpu', 3), onHost('build', 4)];
	const lines = renderChrome(<Sidebar sessions={sessions} selectedId="gpu:s3" focused={false} width={28} height={16} attention={new Set()} home={home} hosts={hosts} />, 28);
	assertSize(lines, 28, 16);
	const text = lines.map(line => strip(line));
	const at = (pattern: RegExp) => text.findIndex(line => pattern.test(line));
	assert.ok(at(/^ local/) < at(/agent-1/) && at(/agent-1/) < at(/^ gpu ● connected/), text.join('\n'));
	assert.ok(at(/^ gpu ● connected/) < at(/^▌3 ● agent-3/) && at(/^▌3 ● agent-3/) < at(/^ build ✕ disconnected/), text.join('\n'));
	assert.match(text.join('\n'), /^ 4 \? agent-4/m, 'a session of a host that is away has no state to show');
	assert.match(text.join('\n'), /^ vm ◌ connecting/m, 'a host with no sessions still shows');
	assert.doesNotMatch(text.join('\n'), /gpu:agent/, 'names are shown without their host inside its group');

	// Short of room, the selected entry stays in view and the height stays exact.
	const many = [session(1), ...Array.from({length: 12}, (_, index) => onHost('gpu', index + 2))];
	for (const height of [3, 6, 9]) {
		const cramped = renderChrome(<Sidebar sessions={many} selectedId="gpu:s13" focused width={28} height={height} attention={new Set()} hosts={hosts} />, 28);
		assertSize(cramped, 28, height);
		assert.match(cramped.map(line => strip(line)).join('\n'), /agent-13/, `height ${height}`);
	}
});
