// Agent state detection: realistic escape streams through a real @xterm/headless terminal and the detector,
// on a fake clock; the assertions are on the sequence of states, as the sidebar would show them.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	InkScreen,
	bell,
	claudeBashPermission,
	claudeEditPermission,
	claudePromptBox,
	claudeQuestion,
	claudeSpinner,
	claudeWelcome,
	dim,
	grey,
	osc,
} from '../fixtures/state/streams.js';
import {Rig} from '../fixtures/state/rig.js';

const esc = '\u001B';

/** Claude Code at its prompt: welcome banner printed once, input box live below it. */
async function claudeAtPrompt(rig: Rig, ink: InkScreen): Promise<void> {
	await rig.write(`${esc}[?25l` + ink.static(claudeWelcome()));
	await rig.after(30, ink.frame(claudePromptBox()));
	rig.advance(2000);
}

/** `frames` spinner frames 100 ms apart, observed after each (the daemon's throttle is at least this fine). */
async function spin(rig: Rig, ink: InkScreen, frames: number, options: {from?: number; style?: 'old' | 'new'; verb?: string} = {}): Promise<void> {
	const from = options.from ?? 0;
	for (let frame = from; frame < from + frames; frame++) {
		await rig.after(100, ink.frame([claudeSpinner(frame, Math.floor(frame / 10), options.verb, options.style), '', ...claudePromptBox()]));
	}
}

/** Text at a row, the row cleared first (how Codex's inline viewport redraws a line). */
const atRow = (row: number, text: string) => `${esc}[${row};1H${esc}[2K${text}`;

/** Codex's composer, and its footer below, at the bottom of a 24-row screen. */
const codexComposer = (footer: string) => atRow(21, '› Ask Codex to do anything') + atRow(23, `  ${dim(footer)}`);

/** A program status report (OSC 7501), ended by ST as Codex and Claude Code end it. */
const programStatus = (fields: string) => `${esc}]7501;${fields}${esc}\\`;

test('claude: starting -> idle -> busy -> waiting -> busy -> idle over a whole turn', async () => {
	const rig = new Rig('claude');
	const ink = new InkScreen({synchronized: true});

	await rig.write(`${esc}[?25l` + ink.static(claudeWelcome()));
	assert.equal(rig.state, 'starting', 'the banner alone says nothing');
	await rig.after(30, ink.frame(claudePromptBox()));
	assert.equal(rig.state, 'starting', 'idle needs a still screen');
	rig.advance(1400);
	assert.equal(rig.state, 'starting');
	rig.advance(200);
	assert.equal(rig.state, 'idle');
	assert.equal(rig.detector.explanation.rule, 'claude.prompt-box');

	// The user types a prompt: the box redraws per keystroke, the state stays idle.
	const prompt = 'run the tests';
	for (let length = 1; length <= prompt.length; length++) {
		await rig.after(80, ink.frame(claudePromptBox(prompt.slice(0, length))));
	}

	assert.equal(rig.state, 'idle');

	// Enter: the prompt moves into the transcript, the spinner starts: busy at once.
	await rig.after(60, ink.static([`${grey('>')} ${prompt}`, '']));
	await rig.after(40, ink.frame([claudeSpinner(0, 0), '', ...claudePromptBox()]));
	assert.equal(rig.state, 'busy');
	assert.equal(rig.detector.explanation.rule, 'claude.interrupt-hint');

	await spin(rig, ink, 12, {from: 1});
	await rig.after(30, ink.static(["● I'll run the test suite first.", '']));
	await spin(rig, ink, 8, {from: 13});
	await rig.after(30, ink.static(['● Bash(npm test)', '']));
	await spin(rig, ink, 5, {from: 21});
	assert.equal(rig.state, 'busy');

	// The permission dialog replaces spinner and box: waiting at once, and it stays waiting however long.
	await rig.after(100, ink.frame(claudeBashPermission('npm test')));
	assert.equal(rig.state, 'waiting');
	assert.deepEqual(
		[rig.detector.explanation.signal, rig.detector.explanation.rule, rig.detector.explanation.detail],
		['rule', 'claude.permission', 'Do you want to proceed?'],
	);
	rig.advance(60_000, 500);
	assert.equal(rig.state, 'waiting', 'never idle while a permission prompt shows');

	// The user moves the selection and answers: the dialog goes, work goes on.
	await rig.after(400, ink.frame(claudeBashPermission('npm test', 2)));
	assert.equal(rig.state, 'waiting');
	await rig.after(300, ink.frame([claudeSpinner(0, 3, 'Running', 'new'), '', ...claudePromptBox()]));
	assert.equal(rig.state, 'busy');
	await rig.after(50, ink.static(['  ⎿  > npm test', '     Tests: 12 passed, 12 total', '']));
	await spin(rig, ink, 15, {from: 1, style: 'new', verb: 'Running'});
	assert.equal(rig.state, 'busy', 'the new spinner style (no "esc to interrupt") is busy too');
	assert.equal(rig.detector.explanation.rule, 'claude.spinner');

	// The turn ends: answer and completion line printed, spinner gone, box back.
	await rig.after(100, ink.static(['● All 12 tests pass.', '', `${'✻'} ${dim('Worked for 6s')}`, '']));
	await rig.after(10, ink.frame(claudePromptBox()));
	assert.equal(rig.state, 'busy', 'idle waits for a still screen');
	rig.advance(1400);
	assert.equal(rig.state, 'busy');
	rig.advance(200);
	assert.equal(rig.state, 'idle');

	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'waiting', 'busy', 'idle'], rig.text());
	rig.dispose();
});

test('claude: no flicker while streaming, even when a redraw is split across chunks', async () => {
	const rig = new Rig('claude');
	const ink = new InkScreen();
	await claudeAtPrompt(rig, ink);
	await rig.after(100, ink.frame([claudeSpinner(0, 0), '', ...claudePromptBox()]));
	const changesBefore = rig.changes.length;

	for (let frame = 1; frame <= 60; frame++) {
		let chunk = ink.frame([claudeSpinner(frame, Math.floor(frame / 10)), '', ...claudePromptBox()]);
		if (frame % 7 === 0) {
			chunk = ink.static([`● streamed line ${frame} of the answer, long enough to wrap past the edge of a narrow pane`, '']);
		}

		// PTY reads end anywhere: observe between the halves, as the daemon may.
		const split = (frame * 37) % chunk.length;
		await rig.after(50, chunk.slice(0, split));
		await rig.after(50, chunk.slice(split));
	}

	assert.equal(rig.changes.length, changesBefore, `no state change while streaming: ${rig.states.join(' -> ')}`);
	assert.equal(rig.state, 'busy');
	rig.dispose();
});

test('claude: dialogs of every kind are waiting; the 1.x boxed edit dialog names the file', async () => {
	const rig = new Rig('claude');
	const ink = new InkScreen();
	await claudeAtPrompt(rig, ink);
	await spin(rig, ink, 5);

	await rig.after(100, ink.frame(claudeEditPermission('source/state/detector.ts')));
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.detail, 'Do you want to make this edit to source/state/detector.ts?');
	rig.advance(10_000);
	assert.equal(rig.state, 'waiting');

	await spin(rig, ink, 3);
	assert.equal(rig.state, 'busy');
	await rig.after(100, ink.frame(claudeQuestion()));
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.rule, 'claude.menu');
	rig.advance(10_000);
	assert.deepEqual(rig.states.slice(-4), ['busy', 'waiting', 'busy', 'waiting']);
	rig.dispose();
});

test('claude: an interrupted turn (no hook fires) becomes idle once still', async () => {
	const rig = new Rig('claude');
	const ink = new InkScreen();
	await claudeAtPrompt(rig, ink);
	await spin(rig, ink, 10);
	await rig.after(100, ink.static(['  ⎿  Interrupted · What should Claude do instead?', '']));
	await rig.after(5, ink.frame(claudePromptBox()));
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	assert.equal(rig.detector.explanation.rule, 'claude.interrupted');
	rig.dispose();
});

test('bell: a program that asks and rings is waiting until the user answers', async () => {
	const rig = new Rig('./deploy');
	await rig.write('Building image...\r\n');
	assert.equal(rig.state, 'busy', 'a program\'s output is meaningful: starting ends');
	await rig.after(300, 'Pushing layers...\r\n');
	await rig.after(300, `Deploy to production? ${bell}`);
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.signal, 'bell');
	rig.advance(30_000);
	assert.equal(rig.state, 'waiting', 'a still screen does not end the question');

	rig.detector.onInput();
	await rig.after(500, 'y\r\nDeploying...\r\n');
	assert.equal(rig.state, 'busy');
	await rig.after(500, 'Done.\r\n');
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	assert.equal(rig.detector.explanation.signal, 'quiet');
	rig.detector.exited('exit code 0');
	assert.deepEqual(rig.states, ['starting', 'busy', 'waiting', 'busy', 'idle', 'exited']);
	rig.dispose();
});

test('notifications: OSC 9 and 777 raise waiting; an idle reminder or a bell at the prompt does not', async () => {
	const rig = new Rig('claude');
	const ink = new InkScreen();
	await claudeAtPrompt(rig, ink);
	assert.equal(rig.state, 'idle');

	await rig.after(60_000, osc(9, '\n\nClaude is waiting for your input'));
	await rig.after(10, bell);
	rig.advance(5000);
	assert.equal(rig.state, 'idle', 'a "done" ping on an idle screen asks nothing');

	await spin(rig, ink, 3);
	// A dialog the rules do not know, announced by a notification in the same chunk.
	await rig.after(100, ink.frame([' Some new kind of dialog', '  Allow it', '  Deny it', '']) + osc(9, 'Claude needs your permission to use Bash'));
	assert.equal(rig.state, 'waiting');
	assert.deepEqual([rig.detector.explanation.signal, rig.detector.explanation.detail], ['notification', 'Claude needs your permission to use Bash']);
	rig.advance(20_000);
	assert.equal(rig.state, 'waiting');
	// The next change of the screen ends it: here work resumes.
	await spin(rig, ink, 2);
	assert.equal(rig.state, 'busy');

	await rig.after(100, ink.frame([' Another dialog', '']) + osc(777, 'notify;Claude Code;Approve the migration?'));
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.detail, 'Claude Code: Approve the migration?');
	assert.deepEqual(rig.states.slice(1), ['idle', 'busy', 'waiting', 'busy', 'waiting']);
	rig.dispose();
});

test('progress: OSC 9;4 reports busy and idle; they are not notifications', async () => {
	const rig = new Rig('claude');
	await rig.write('some screen the rules do not know\r\n');
	await rig.after(10, osc(9, '4;3;'));
	assert.equal(rig.state, 'busy');
	assert.equal(rig.detector.explanation.signal, 'progress');
	rig.advance(5000);
	assert.equal(rig.state, 'busy', 'progress outranks a still screen');
	await rig.after(10, osc(9, '4;0;'));
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	assert.deepEqual(rig.states, ['starting', 'busy', 'idle']);
	rig.dispose();
});

test('title: a braille spinner in the title is busy once it keeps spinning, ✳ is idle (Claude Code before 2.1.228)', async () => {
	const rig = new Rig('claude');
	await rig.write('screen without known markers\r\n');
	await rig.after(10, osc(0, '⠂ Fix the tests'));
	assert.equal(rig.state, 'starting', 'one spinner frame alone is not yet work');
	for (const spinner of ['⠐', '⠂', '⠐']) {
		await rig.after(100, osc(0, `${spinner} Fix the tests`));
	}

	rig.advance(100);
	assert.equal(rig.state, 'busy', 'a spinner that keeps turning is');
	assert.equal(rig.detector.explanation.signal, 'title');
	await rig.after(100, osc(0, '⠐ Fix the tests'));
	await rig.after(100, osc(0, '✳ Fix the tests'));
	assert.equal(rig.state, 'busy');
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	assert.deepEqual(rig.states, ['starting', 'busy', 'idle']);
	rig.dispose();
});

test('title: a spinner shown and taken back at once is no turn (Codex 0.169 after it starts), one the screen confirms is', async () => {
	const rig = new Rig('codex', {rows: 24});
	const composer = codexComposer('gpt-5.5 default · ~/src');
	await rig.write(`${esc}[2J` + atRow(1, '>_ OpenAI Codex (v0.169.0)') + composer + osc(0, 'src'));
	rig.advance(400);
	assert.equal(rig.state, 'idle', 'the composer and the title agree');

	// Its start-up check, as the real one draws it (measured: 60-80 ms, up to three frames), late on a loaded machine.
	rig.advance(600);
	await rig.after(0, osc(0, '⠋ src'));
	await rig.after(30, osc(0, '⠙ src'));
	await rig.after(40, osc(0, 'src'));
	rig.advance(3000);
	assert.deepEqual(rig.states, ['starting', 'idle'], 'no busy for a spinner taken back');

	// A turn: the spinner comes with the working line, busy at once.
	await rig.after(500, atRow(3, '› plain answer please') + osc(0, '⠴ src') + atRow(19, '• Working (0s • esc to interrupt)'));
	assert.equal(rig.state, 'busy');
	assert.equal(rig.detector.explanation.rule, 'codex.working');
	await rig.after(300, atRow(19, '') + atRow(17, '  Worked for 1s') + osc(0, 'src'));
	rig.advance(400);
	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'idle']);

	// A turn the user sent, answered too fast for a working line: its spinner alone is the turn, at once.
	rig.detector.onInput('\r');
	await rig.after(100, atRow(5, '› short one') + osc(0, '⠋ src'));
	assert.equal(rig.state, 'busy');
	await rig.after(150, atRow(7, '  Worked for <1s') + osc(0, 'src'));
	rig.advance(400);
	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'idle', 'busy', 'idle']);
	rig.dispose();
});

test('status: OSC 7501 reports as Codex 0.169 sends them decide over the title; a start-up blip is no turn', async () => {
	const rig = new Rig('codex', {rows: 24});
	const composer = codexComposer('gpt-5.5 default · ~/src');
	await rig.write(`${esc}[2J` + atRow(1, '>_ OpenAI Codex (v0.169.0)') + composer + osc(0, 'src') + programStatus('state=idle:app=codex'));
	rig.advance(400);
	assert.equal(rig.state, 'idle');
	assert.equal(rig.detector.explanation.rule, 'codex.composer', 'where the screen agrees with the report, its rule explains');

	// Its start-up check, late: working and idle again within 70 ms, nothing sent.
	rig.advance(600);
	await rig.after(0, osc(0, '⠋ src') + programStatus('state=working:app=codex'));
	await rig.after(70, osc(0, 'src') + programStatus('state=idle:app=codex'));
	rig.advance(3000);
	assert.deepEqual(rig.states, ['starting', 'idle']);

	// Enter: working before anything is drawn.
	rig.detector.onInput('\r');
	await rig.after(20, programStatus('state=working:app=codex'));
	assert.equal(rig.state, 'busy');
	assert.equal(rig.detector.explanation.detail, 'working');
	// Asked: waiting at once, with why; the title still spins (it says Action Required only later).
	await rig.after(200, programStatus('state=blocked:app=codex:kind=permission') + osc(0, '⠙ src'));
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.detail, 'permission', 'what it asks, or why');
	await rig.after(3000, osc(0, '[ ! ] Action Required | src'));
	rig.detector.onInput('1');
	// Answered: working again while the title still asks.
	await rig.after(50, programStatus('state=working:app=codex'));
	assert.equal(rig.state, 'busy');
	// Done, while a working line is still drawn: idle by its word, once still for a moment.
	await rig.after(500, osc(0, 'src') + programStatus('state=done:app=codex') + atRow(17, '  Worked for 4s') + atRow(19, '• Working (4s • esc to interrupt)'));
	rig.advance(300);
	assert.equal(rig.state, 'idle');
	assert.equal(rig.detector.explanation.detail, 'done');
	// Its title is not believed over its report; once it clears the report, it is.
	await rig.after(100, osc(0, '[ ! ] Action Required | src') + atRow(19, ''));
	assert.equal(rig.state, 'idle');
	await rig.after(10, programStatus('state=clear'));
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.signal, 'title');
	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'waiting', 'busy', 'idle', 'waiting']);
	rig.dispose();
});

test('status: a report holds while the process that sent it is in the foreground', async () => {
	let foreground = 100;
	const rig = new Rig('/bin/bash', {foreground: () => foreground});
	await rig.write('$ ');
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	rig.detector.onInput('\r');
	foreground = 200;
	await rig.after(20, 'some-agent\r\n' + programStatus('state=working:app=some-agent'));
	assert.equal(rig.state, 'busy');
	rig.advance(5000);
	assert.equal(rig.state, 'busy', 'working, though the screen is still');
	await rig.after(10, programStatus('state=done'));
	rig.advance(400);
	assert.equal(rig.state, 'idle');
	// It ends without clearing its status; the shell's prompt is back, and the next command is work again.
	foreground = 100;
	await rig.after(100, '$ ');
	rig.advance(1600);
	rig.detector.onInput('\r');
	await rig.after(10, 'make\r\nbuilding...\r\n');
	assert.equal(rig.state, 'busy', 'the old report no longer speaks for the shell');
	assert.equal(rig.detector.explanation.signal, 'rule');
	rig.dispose();
});

test('status: a newer status report ends a hook report\'s hold (Claude Code with hooks, stopped with Esc)', async () => {
	const rig = new Rig('claude');
	const status = (state: string) => programStatus(`state=${state}:app=claude-code`);
	await rig.write('some screen\r\n' + status('idle'));
	rig.advance(400);
	rig.detector.onInput('\r');
	rig.detector.report('busy', 'UserPromptSubmit');
	await rig.after(10, status('working'));
	assert.equal(rig.state, 'busy');
	rig.advance(1000);
	rig.detector.onInput('\u001B');
	// No hook fires on Esc; Claude says idle.
	await rig.after(100, status('idle'));
	rig.advance(500);
	assert.equal(rig.state, 'idle', 'not after the hook\'s 10 s hold');
	assert.equal(rig.detector.explanation.signal, 'status');
	// A question says what it asks, as a notification will show it.
	rig.detector.onInput('\r');
	await rig.after(100, programStatus(`state=blocked:app=claude-code:kind=permission:msg=${Buffer.from('approve Bash: npm test').toString('base64')}`));
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.detail, 'approve Bash: npm test');
	rig.dispose();
});

test('status: a flood of reports asks who sent them once per look, not once per report', async () => {
	let asked = 0;
	const rig = new Rig('/bin/bash', {foreground: () => ++asked && 100});
	const flood = Array.from({length: 2000}, (_, index) => programStatus(`state=${index % 2 === 0 ? 'working' : 'blocked'}`)).join('');
	await rig.write('$ ' + flood);
	assert.equal(rig.state, 'waiting', 'the last report decides');
	assert.ok(asked <= 2, `asked ${asked} times`);
	rig.dispose();
});

test('shell: prompt is idle, output is busy, a quiet command stays busy, questions are waiting', async () => {
	const rig = new Rig('/bin/bash');
	const prompt = `${esc}[32muser@host${esc}[0m:${esc}[34m~/src${esc}[0m$ `;
	await rig.write(prompt);
	rig.advance(1600);
	assert.equal(rig.state, 'idle');

	for (const character of 'make -j2') {
		await rig.after(90, character);
	}

	assert.equal(rig.state, 'idle', 'typing at the prompt is not work');
	await rig.after(90, '\r\n');
	assert.equal(rig.state, 'busy');
	for (let index = 0; index < 10; index++) {
		await rig.after(200, `cc -O2 -c file${index}.c -o file${index}.o\r\n`);
	}

	await rig.after(200, '[ 50%] Linking   ');
	rig.advance(20_000);
	assert.equal(rig.state, 'busy', 'a still screen without a prompt is a quiet command, not idle');
	await rig.after(100, '\r\n[100%] Built target app\r\n' + prompt);
	assert.equal(rig.state, 'busy');
	rig.advance(1600);
	assert.equal(rig.state, 'idle');

	await rig.after(2000, 'sudo apt upgrade\r\n');
	await rig.after(50, '[sudo] password for user: ');
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.rule, 'prompt.yes-no');
	await rig.after(3000, '\r\nReading package lists... Done\r\n');
	await rig.after(300, 'Do you want to continue? [Y/n] ');
	assert.equal(rig.state, 'waiting');
	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'idle', 'busy', 'waiting', 'busy', 'waiting']);
	rig.dispose();
});

test('shell: a command typed before the prompt was ever still is busy, not starting', async () => {
	const rig = new Rig('/bin/bash');
	await rig.write('$ ');
	await rig.after(200, 'm');
	rig.detector.onInput();
	await rig.after(100, 'ake\r\n');
	await rig.after(100, 'cc -c a.c\r\n');
	assert.equal(rig.state, 'busy');
	await rig.after(300, 'cc -c b.c\r\n$ ');
	rig.advance(1600);
	assert.deepEqual(rig.states, ['starting', 'busy', 'idle']);
	rig.dispose();
});

test('shell: a full-screen program left still is idle after a longer delay; periodic redraws stay busy', async () => {
	const rig = new Rig('bash', {rows: 10});
	await rig.write('$ ');
	rig.advance(1600);
	rig.detector.onInput();
	await rig.after(100, 'vim notes.md\r\n');
	await rig.after(100, `${esc}[?1049h${esc}[H${esc}[2J# Notes\r\n~\r\n~\r\n${esc}[10;1H"notes.md" 2L`);
	assert.equal(rig.state, 'busy');
	rig.advance(3000);
	assert.equal(rig.state, 'busy', 'not yet: the longer delay for full-screen programs');
	rig.advance(2100);
	assert.equal(rig.state, 'idle');
	assert.equal(rig.detector.explanation.rule, 'fullscreen.still');

	// watch: a redraw every 2 s never leaves the screen still long enough to flicker to idle.
	await rig.after(1000, `${esc}[H${esc}[2JEvery 2.0s: date\r\n\r\n12:00:00`);
	for (let second = 2; second <= 20; second += 2) {
		rig.advance(2000);
		await rig.write(`${esc}[3;1H12:00:${String(second).padStart(2, '0')}`);
	}

	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'idle', 'busy']);
	// Leaving the program: the shell's prompt decides again.
	await rig.after(500, `${esc}[?1049l$ `);
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	assert.equal(rig.detector.explanation.rule, 'shell.prompt');
	rig.dispose();
});

test('hooks: a report wins over the screen for a while; a question on screen still beats a reported busy', async () => {
	const rig = new Rig('claude', {hookHoldMs: 10_000});
	const ink = new InkScreen();
	await claudeAtPrompt(rig, ink);

	rig.detector.report('busy', 'UserPromptSubmit');
	assert.equal(rig.state, 'busy');
	assert.deepEqual([rig.detector.explanation.signal, rig.detector.explanation.detail], ['hook', 'UserPromptSubmit']);
	rig.advance(5000);
	assert.equal(rig.state, 'busy', 'the idle-looking screen does not override the hook');

	await rig.after(100, ink.frame(claudeBashPermission('rm -rf build')));
	assert.equal(rig.state, 'waiting', 'a permission dialog beats a reported busy');
	rig.detector.report('busy', 'PostToolUse');
	await rig.after(100, ink.frame(claudePromptBox()));
	rig.advance(3000);
	assert.equal(rig.state, 'busy');
	rig.detector.report('idle', 'Stop');
	assert.equal(rig.state, 'idle', 'a reported idle needs no still screen');

	rig.detector.report('waiting', 'Notification');
	rig.advance(9000);
	assert.equal(rig.state, 'waiting');
	rig.advance(1500);
	assert.equal(rig.state, 'idle', 'after the hold the screen decides again');
	assert.equal(rig.detector.explanation.rule, 'claude.prompt-box');

	// A reported question ends when the user answers it, not when the hold runs out.
	await rig.after(100, ink.frame(claudeBashPermission('npm test')));
	rig.detector.report('waiting', 'Notification');
	rig.advance(1000);
	rig.detector.onInput();
	await rig.after(200, ink.frame([claudeSpinner(1, 0), '', ...claudePromptBox()]));
	assert.equal(rig.state, 'busy');
	assert.deepEqual(rig.states.slice(1), ['idle', 'busy', 'waiting', 'busy', 'idle', 'waiting', 'idle', 'waiting', 'busy']);
	rig.dispose();
});

test('hooks: a question answered during a reported busy goes back to busy, not waiting until the hold ends', async () => {
	const rig = new Rig('claude', {hookHoldMs: 10_000});
	const ink = new InkScreen();
	await claudeAtPrompt(rig, ink);
	rig.detector.report('busy', 'UserPromptSubmit');
	await spin(rig, ink, 5);
	await rig.after(100, ink.frame(claudeBashPermission('npm test')));
	assert.equal(rig.state, 'waiting');
	// A frame caught half drawn (the dialog erased, nothing drawn yet) changes nothing.
	await rig.after(50, ink.frame([]));
	assert.equal(rig.state, 'waiting');
	rig.detector.onInput();
	await rig.after(300, ink.frame([claudeSpinner(0, 1), '', ...claudePromptBox()]));
	assert.equal(rig.state, 'busy');
	assert.deepEqual([rig.detector.explanation.signal, rig.detector.explanation.detail], ['hook', 'UserPromptSubmit']);
	assert.deepEqual(rig.states.slice(1), ['idle', 'busy', 'waiting', 'busy']);
	rig.dispose();
});

test('hooks: a question on screen beats a reported idle too (the trust dialog right after SessionStart)', async () => {
	const rig = new Rig('claude', {hookHoldMs: 10_000});
	const ink = new InkScreen();
	rig.detector.report('idle', 'SessionStart');
	await rig.after(200, ink.frame([' Do you trust the files in this folder?', '', ' /work/main', '', ' ❯ 1. Yes, proceed', '   2. No, exit', '', ' Enter to confirm · Esc to exit']));
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.rule, 'claude.menu');
	rig.detector.onInput();
	await rig.after(300, ink.frame(claudePromptBox()));
	assert.equal(rig.state, 'idle', 'answered: the reported idle shows again');
	assert.deepEqual(rig.states, ['starting', 'idle', 'waiting', 'idle']);
	rig.dispose();
});

test('resize: a program redrawing for a new size is not working', async () => {
	const rig = new Rig('htop', {cols: 80, rows: 10});
	const draw = (width: number) => `${esc}[H${esc}[2J` + Array.from({length: 8}, (_, row) => `${'█'.repeat(row + 1).padEnd(width - 12)}cpu ${row}`).join('\r\n');
	await rig.write(draw(80));
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	rig.terminal.resize(100, 10);
	rig.detector.onResize();
	await rig.after(40, draw(100));
	await rig.after(40, draw(100).replace('cpu 3', 'CPU 3'));
	assert.equal(rig.state, 'idle', 'the redraw right after a resize');
	// Past the grace period, a changing screen is work again.
	await rig.after(600, draw(100).replace('cpu 4', 'CPU 4'));
	assert.equal(rig.state, 'busy');
	assert.deepEqual(rig.states, ['starting', 'busy', 'idle', 'busy']);
	rig.dispose();
});

test('claude started from bash: its rules apply while it runs, the shell\'s after it exits', async () => {
	const rig = new Rig('bash');
	const ink = new InkScreen();
	await rig.write('$ ');
	rig.advance(1600);
	await rig.after(200, 'claude\r\n');
	assert.equal(rig.state, 'busy');
	await rig.after(300, ink.static(claudeWelcome()));
	await rig.after(30, ink.frame(claudePromptBox()));
	rig.advance(1600);
	assert.deepEqual([rig.state, rig.detector.agent], ['idle', 'claude']);
	await spin(rig, ink, 10);
	assert.equal(rig.state, 'busy');
	await rig.after(100, ink.frame(claudeBashPermission('npm test')));
	assert.equal(rig.state, 'waiting');
	await spin(rig, ink, 3);
	await rig.after(100, ink.frame(claudePromptBox()));
	rig.advance(1600);
	assert.equal(rig.state, 'idle');

	// /exit: Claude clears its live region and prints a resume hint; the shell prints its prompt.
	await rig.after(500, ink.frame([]) + 'Resume this session with: claude --resume 1234\r\n$ ');
	rig.advance(1600);
	assert.deepEqual([rig.state, rig.detector.agent], ['idle', 'shell']);
	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'idle', 'busy', 'waiting', 'busy', 'idle']);
	rig.dispose();
});

test('codex: working line, approval overlay, composer', async () => {
	const rig = new Rig('codex', {rows: 24});
	const composer = codexComposer('gpt-5 medium · ~/src');
	await rig.write(`${esc}[2J` + atRow(1, '>_ OpenAI Codex (v0.46.0)') + composer);
	rig.advance(1600);
	assert.equal(rig.state, 'idle');

	await rig.after(500, atRow(3, '› add a test for the parser') + atRow(21, '› '));
	for (let second = 0; second < 3; second++) {
		for (const spinner of ['•', '◦']) {
			await rig.after(100, atRow(19, `${spinner} Working (${second}s • esc to interrupt)`));
		}
	}

	assert.equal(rig.state, 'busy');
	const overlay = [
		'  Would you like to run the following command?',
		'',
		'  $ cargo test -p parser',
		'',
		'› 1. Yes, proceed (y)',
		"  2. Yes, and don't ask again for commands that start with `cargo test` (p)",
		'  3. No, and tell Codex what to do differently (esc)',
		'',
		'  Press enter to confirm or esc to cancel',
	];
	await rig.after(100, overlay.map((line, index) => atRow(12 + index, line)).join('') + atRow(21, '') + atRow(23, ''));
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.detail, 'Would you like to run the following command?');
	rig.advance(10_000);
	assert.equal(rig.state, 'waiting');

	await rig.after(100, overlay.map((_, index) => atRow(12 + index, '')).join('') + atRow(19, '• Working (4s • esc to interrupt)') + composer);
	assert.equal(rig.state, 'busy');
	await rig.after(1000, atRow(19, '') + atRow(17, '• Added tests/parser.rs; all 14 tests pass.'));
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'waiting', 'busy', 'idle']);
	rig.dispose();
});

test('gemini: loading phrase, tool confirmation, input box', async () => {
	const rig = new Rig('gemini');
	const ink = new InkScreen();
	const input = [
		'╭──────────────────────────────────────────────────────────────╮',
		`│ > ${dim('  Type your message or @path/to/file')}                         │`,
		'╰──────────────────────────────────────────────────────────────╯',
		`${dim('~/src (main*)')}          no sandbox          gemini-2.5-pro`,
	];
	await rig.write(ink.frame(input));
	rig.advance(1600);
	assert.equal(rig.state, 'idle');

	for (let second = 0; second < 3; second++) {
		for (const spinner of ['⠋', '⠙', '⠹', '⠸']) {
			await rig.after(80, ink.frame([`${spinner} Counting electrons ${dim(`(esc to cancel, ${second}s)`)}`, '', ...input]));
		}
	}

	assert.equal(rig.state, 'busy');
	await rig.after(100, ink.frame([
		'╭──────────────────────────────────────────────────────────────╮',
		'│ ?  Shell npm test                                            │',
		'│                                                              │',
		'│ npm test                                                     │',
		"│ Allow execution of: 'npm'?                                   │",
		'│                                                              │',
		'│ ● 1. Allow once                                              │',
		'│   2. Allow for this session                                  │',
		'│   3. No, suggest changes (esc)                               │',
		'╰──────────────────────────────────────────────────────────────╯',
		'⠏ Waiting for user confirmation...',
	]));
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.detail, "Allow execution of: 'npm'?");
	await rig.after(3000, ink.frame([`⠋ Running tests ${dim('(esc to cancel, 4s)')}`, '', ...input]));
	assert.equal(rig.state, 'busy');
	await rig.after(500, ink.static(['✦ All tests passed.', '']));
	await rig.after(10, ink.frame(input));
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'waiting', 'busy', 'idle']);
	rig.dispose();
});

test('aider: prompt, waiting for the model, streaming, (Y)es/(N)o question', async () => {
	const rig = new Rig('aider');
	await rig.write('Aider v0.86.1\r\nMain model: anthropic/claude-sonnet-4 with diff edit format\r\nRepo-map: using 4096 tokens\r\n\r\n> ');
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	for (const character of 'add a test') {
		await rig.after(70, character);
	}

	assert.equal(rig.state, 'idle');
	await rig.after(70, '\r\n\r\n');
	assert.equal(rig.state, 'busy');
	for (let index = 0; index < 10; index++) {
		await rig.after(150, `\r${esc}[K${'░█'.repeat(index % 3)} Waiting for anthropic/claude-sonnet-4`);
	}

	await rig.after(150, `\r${esc}[K`);
	for (let index = 0; index < 8; index++) {
		await rig.after(120, `Streaming line ${index} of the reply\r\n`);
	}

	assert.equal(rig.state, 'busy');
	await rig.after(100, 'tests/test_parser.py\r\nCreate new file? (Y)es/(N)o [Yes]: ');
	assert.equal(rig.state, 'waiting');
	assert.equal(rig.detector.explanation.detail, 'Create new file?');
	rig.advance(10_000);
	await rig.after(2000, 'y\r\nApplied edit to tests/test_parser.py\r\nCommit 1a2b3c4 test: add parser tests\r\n\r\n> ');
	assert.equal(rig.state, 'waiting', 'idle waits for the still screen, and a question was the last state');
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'waiting', 'idle']);
	rig.dispose();
});

test('exited is final; pendingUntil says when a tick can change the state', async () => {
	const rig = new Rig('claude', {idleAfterMs: 1500});
	const ink = new InkScreen();
	await rig.write(ink.frame(claudePromptBox()));
	assert.equal(rig.detector.pendingUntil, rig.time + 1500);
	rig.advance(1500);
	assert.equal(rig.state, 'idle');
	assert.equal(rig.detector.pendingUntil, undefined);
	rig.detector.report('busy', 'UserPromptSubmit');
	assert.equal(rig.detector.pendingUntil, rig.time + 10_000);

	rig.detector.exited('exit code 0');
	await rig.write(ink.frame([claudeSpinner(1, 1), ...claudePromptBox()]));
	rig.detector.report('busy');
	rig.detector.onBell();
	rig.advance(5000);
	assert.equal(rig.state, 'exited');
	assert.deepEqual([rig.detector.explanation.signal, rig.detector.explanation.detail], ['exit', 'exit code 0']);
	assert.equal(rig.detector.pendingUntil, undefined);
	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'exited']);
	rig.dispose();
});
