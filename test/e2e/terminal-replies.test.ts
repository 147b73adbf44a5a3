// What a program gets when it asks its terminal (the daemon's): window sizes, colours (the user's, once a TUI has
// told the daemon), the version, modes, keyboard protocol flags, and screen checksums.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type xterm from '@xterm/headless';
import {execa} from 'execa';
import {defaultLook, type TerminalLook, TerminalReplies} from '../../source/terminal/replies.js';
import {TerminalProbe} from '../../source/tui/terminal-probe.js';
import {version} from '../../source/version.js';
import {makeSandbox, type Sandbox} from '../helpers/sandbox.js';
import {newTerminal, write} from '../helpers/screen.js';
import {cliPath, UserTerminal} from '../helpers/terminal.js';

const esc = '\u001B';
const st = '\u001B\\';

/** A terminal with the daemon's replies, and everything it answered. */
function answering(look: Partial<TerminalLook> = {}): {terminal: xterm.Terminal; replies: TerminalReplies; answers: () => string} {
	const terminal = newTerminal(80, 24);
	const replies = new TerminalReplies(terminal, () => ({...defaultLook, ...look}));
	let answered = '';
	terminal.onData(data => {
		answered += data;
	});
	return {
		terminal,
		replies,
		answers() {
			const all = answered;
			answered = '';
			return all;
		},
	};
}

test('window reports: size in characters and pixels, cell size, state', async () => {
	const {terminal, answers} = answering({cellWidth: 9, cellHeight: 18});
	await write(terminal, `${esc}[18t${esc}[19t${esc}[14t${esc}[16t${esc}[11t`);
	assert.equal(answers(), `${esc}[8;24;80t${esc}[9;24;80t${esc}[4;432;720t${esc}[6;18;9t${esc}[1t`);
	// A program may not resize or move the window: nothing happens, nothing is answered.
	await write(terminal, `${esc}[8;10;10t${esc}[3;5;5t`);
	assert.equal(answers(), '');
	assert.deepEqual([terminal.cols, terminal.rows], [80, 24]);
});

test('colour queries get the user\'s colours; a colour the program set is answered back', async () => {
	const {terminal, answers} = answering({background: 'rgb:1111/2222/3333', palette: {1: 'rgb:aaaa/0000/0000'}});
	await write(terminal, `${esc}]11;?${st}${esc}]10;?;?${st}${esc}]4;1;?;200;?${st}`);
	assert.equal(
		answers(),
		`${esc}]11;rgb:1111/2222/3333${st}${esc}]10;${defaultLook.foreground}${st}${esc}]11;rgb:1111/2222/3333${st}`
		+ `${esc}]4;1;rgb:aaaa/0000/0000${st}${esc}]4;200;rgb:ffff/0000/d7d7${st}`,
	);
	await write(terminal, `${esc}]11;rgb:0000/0000/ffff${st}${esc}]11;?${st}`);
	assert.equal(answers(), `${esc}]11;rgb:0000/0000/ffff${st}`);
	await write(terminal, `${esc}]111${st}${esc}]11;?${st}`);
	assert.equal(answers(), `${esc}]11;rgb:1111/2222/3333${st}`, 'OSC 111 forgets it');
});

test('XTVERSION, DECRQM and device attributes', async () => {
	const {terminal, answers} = answering();
	await write(terminal, `${esc}[>q`);
	assert.equal(answers(), `${esc}P>|claude-tui ${version}${st}`);
	await write(terminal, `${esc}[?2004h${esc}[?2004$p${esc}[?1049$p`);
	assert.equal(answers(), `${esc}[?2004;1$y${esc}[?1049;2$y`);
	await write(terminal, `${esc}[c`);
	assert.match(answers(), /^\u001B\[\?[\d;]+c$/);
});

test('the program status query is echoed; a status report gets no answer', async () => {
	const {terminal, answers} = answering();
	await write(terminal, `${esc}]7501;?${st}`);
	assert.equal(answers(), `${esc}]7501;?${st}`);
	await write(terminal, `${esc}]7501;state=working:app=pi${st}${esc}]7501;?version=2\u0007`);
	assert.equal(answers(), `${esc}]7501;?${st}`, 'the report is read, not answered; a query with pairs is a query');
});

test('kitty keyboard flags: push, set, query and pop, a stack per screen', async () => {
	const {terminal, replies, answers} = answering();
	await write(terminal, `${esc}[?u`);
	assert.equal(answers(), `${esc}[?0u`);
	await write(terminal, `${esc}[>1u${esc}[=4;2u${esc}[?u`);
	assert.equal(answers(), `${esc}[?5u`);
	await write(terminal, `${esc}[?1049h${esc}[?u${esc}[>31u`);
	assert.equal(answers(), `${esc}[?0u`, 'the alternate screen has its own flags');
	assert.equal(replies.kittyFlags, 31);
	await write(terminal, `${esc}[?1049l${esc}[?u${esc}[<u${esc}[?u${esc}[<5u${esc}[?u`);
	assert.equal(answers(), `${esc}[?5u${esc}[?0u${esc}[?0u`);
	await write(terminal, `${esc}[>4;2m${esc}[?4m`);
	assert.equal(answers(), `${esc}[>4;2m`);
	assert.equal(replies.modifyOtherKeysLevel, 2);
	await write(terminal, `${esc}[>4m`);
	assert.equal(replies.modifyOtherKeysLevel, 0);
	await write(terminal, `${esc}[>1u${esc}c`);
	assert.equal(replies.kittyFlags, 0, 'a full reset clears them');
});

test('DECRQCRA: the checksum of a rectangle, as xterm computed it before patch 279', async () => {
	const {terminal, answers} = answering();
	await write(terminal, `${esc}[2;3HAB${esc}[3;4*y${esc}[2;0;2;3;2;3*y${esc}[5;0;9;9;9;9*y`);
	const checksum = (sum: number) => ((-sum) & 0xFFFF).toString(16).toUpperCase().padStart(4, '0');
	const [, whole, one, blank] = answers().split(esc + 'P');
	// The whole screen: A and B, and 80x24 - 2 blanks counted as spaces.
	assert.equal(whole, `3!~${checksum(65 + 66 + (0x20 * ((80 * 24) - 2)))}${esc}\\`);
	assert.equal(one, `2!~${checksum(65)}${esc}\\`);
	assert.equal(blank, `5!~${checksum(0x20)}${esc}\\`);
});

test('the probe takes the terminal\'s answers out of the keys and stops at the device attributes', () => {
	let written = '';
	const learnt: unknown[] = [];
	const probe = new TerminalProbe(data => {
		written += data;
	}, (result, held) => learnt.push(result, held));
	assert.ok(written.includes(`${esc}]11;?${st}`) && written.endsWith(`${esc}[c`));
	// Answers and keys interleaved, a reply cut across two chunks.
	assert.equal(probe.take(`a${esc}]11;rgb:0000/1111/2222${st}b${esc}]10;rgb:ff`), 'ab');
	assert.equal(probe.take(`ff/ffff/ffff\u0007${esc}]4;3;rgb:1/2/3${st}${esc}[6;20;10t${esc}[?0u`), '');
	assert.equal(probe.done, false);
	assert.equal(probe.take(`${esc}[?62;22cafter`), 'after');
	assert.equal(probe.done, true);
	assert.deepEqual(learnt, [{look: {background: 'rgb:0000/1111/2222', foreground: 'rgb:ffff/ffff/ffff', palette: {3: 'rgb:1/2/3'}, cellHeight: 20, cellWidth: 10}, speaksKitty: true}, '']);
	assert.equal(probe.take(`${esc}]11;rgb:0/0/0${st}`), `${esc}]11;rgb:0/0/0${st}`, 'after it is done everything is keys');
});

describe('a program asking for the background colour, with a TUI attached', () => {
	let sandbox: Sandbox;
	let tui: UserTerminal | undefined;

	before(async () => {
		sandbox = await makeSandbox();
	});

	after(async () => {
		tui?.kill();
		await sandbox.cleanup();
	});

	test('gets the colour of the user\'s terminal', async () => {
		const answer = path.join(sandbox.directory, 'answer');
		// Asks once Enter is pressed, and keeps the 25 bytes of the answer.
		const script = `stty -echo; read -r line; stty raw; printf '\\033]11;?\\033\\\\'; head -c 25 > '${answer}'; exec sleep 100000`;
		const created = await execa(process.execPath, [cliPath, 'new', '--name', 'asker', '--', 'sh', '-c', script], {env: sandbox.env, reject: false});
		assert.equal(created.exitCode, 0, created.stderr);
		tui = new UserTerminal({args: [cliPath, 'attach', 'asker'], env: sandbox.env, cols: 100, rows: 30});
		// The user's terminal has a dark blue background, and says so when asked, as real terminals do.
		const user = tui;
		user.screen.parser.registerOscHandler(11, data => {
			if (data === '?') {
				user.child.write(`${esc}]11;rgb:0000/0000/8080${st}`);
			}

			return true;
		});
		await tui.waitFor(/\[asker\]/);
		tui.type('\r');
		await tui.waitFor(() => fs.existsSync(answer) && fs.readFileSync(answer, 'latin1').length === 25);
		assert.equal(fs.readFileSync(answer, 'latin1'), `${esc}]11;rgb:0000/0000/8080${st}`);
		tui.type('\u0002d');
		await tui.waitForExit();
	});
});
