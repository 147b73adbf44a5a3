// Keys and terminal features between the user's terminal and the shown program, through the real binary: the kitty
// keyboard protocol and modifyOtherKeys (Shift+Enter), the prefix in every encoding, the window title, the cursor
// shape, clipboard writes (OSC 52) and hyperlinks (OSC 8).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import {execa} from 'execa';
import {cursorShape} from '../../source/xterm-internals.js';
import {sandboxForSuite, type Sandbox} from '../helpers/sandbox.js';
import {cliPath, UserTerminal} from '../helpers/terminal.js';

const esc = '\u001B';
const st = '\u001B\\';
const prefix = '\u0002';

/** Starts a program that first writes `setup` to its terminal, then keeps every byte typed into it in `file`. */
async function recorder(sandbox: Sandbox, name: string, setup: string): Promise<string> {
	const file = path.join(sandbox.directory, `${name}.in`);
	const script = `stty raw -echo; printf '${setup}'; exec cat > '${file}'`;
	const created = await execa(process.execPath, [cliPath, 'new', '--name', name, '--', 'sh', '-c', script], {env: sandbox.env, reject: false});
	assert.equal(created.exitCode, 0, created.stderr);
	return file;
}

const received = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'latin1') : '');

/**
A user's terminal that speaks kitty's keyboard protocol: it answers the query and keeps the flag stack, as kitty,
WezTerm, Ghostty or foot do. (xterm.js, the stand-in, knows nothing of the protocol.)
*/
function speakKitty(tui: UserTerminal): {flags: () => number; log: string[]} {
	const stack: number[] = [];
	let flags = 0;
	const log: string[] = [];
	const {parser} = tui.screen;
	parser.registerCsiHandler({prefix: '?', final: 'u'}, () => {
		tui.child.write(`${esc}[?${flags}u`);
		return true;
	});
	parser.registerCsiHandler({prefix: '>', final: 'u'}, params => {
		stack.push(flags);
		flags = Number(params[0] ?? 0);
		log.push(`push ${flags}`);
		return true;
	});
	parser.registerCsiHandler({prefix: '<', final: 'u'}, () => {
		flags = stack.pop() ?? 0;
		log.push('pop');
		return true;
	});
	parser.registerCsiHandler({prefix: '=', final: 'u'}, params => {
		flags = Number(params[0] ?? 0);
		log.push(`set ${flags}`);
		return true;
	});
	return {flags: () => flags, log};
}

/** What the user's terminal was asked for with modifyOtherKeys (CSI > 4 ; n m), last. */
function watchModifyOtherKeys(tui: UserTerminal): () => number {
	let level = 0;
	tui.screen.parser.registerCsiHandler({prefix: '>', final: 'm'}, params => {
		if (params[0] === 4) {
			level = typeof params[1] === 'number' ? params[1] : 0;
		}

		return true;
	});
	return () => level;
}

describe('keys and terminal features', () => {
	const terminals: UserTerminal[] = [];
	const open = (session: string, cols = 110) => {
		const terminal = new UserTerminal({args: [cliPath, 'attach', session], env: suite.sandbox.env, cols, rows: 30});
		terminals.push(terminal);
		return terminal;
	};

	const suite = sandboxForSuite(terminals);

	test('kitty keyboard: the terminal gets the program\'s flags, Shift+Enter arrives as CSI 13;2 u, the prefix works kitty-encoded and plain, the flags are popped at detach', async () => {
		// As Claude Code does once its terminal has said who it is: kitty flags 5 and modifyOtherKeys 2.
		const file = await recorder(suite.sandbox, 'kitty-agent', String.raw`\033[>5u\033[>4;2mready`);
		await recorder(suite.sandbox, 'plain', 'plain program');
		const tui = open('kitty-agent');
		const kitty = speakKitty(tui);
		await tui.waitFor(/ready/);
		await tui.waitFor(() => kitty.flags() === 5);
		tui.type(`a${esc}[13;2ub`);
		await tui.waitFor(() => received(file) === `a${esc}[13;2ub`);

		// The prefix as the terminal sends it now, then as a plain control byte: both switch sessions.
		tui.type(`${esc}[98;5un`);
		await tui.waitFor(/\[plain\]/);
		await tui.waitFor(() => kitty.flags() === 0, 5000);
		tui.type(`${prefix}p`);
		await tui.waitFor(/\[kitty-agent\]/);
		await tui.waitFor(() => kitty.flags() === 5);
		// With event types (flag 2) the prefix's release comes after its press: not a command, not the program's.
		tui.type(`${esc}[98;5u${esc}[98;5:3u${prefix}`);
		await tui.waitFor(() => received(file) === `a${esc}[13;2ub${prefix}`);

		tui.type(`${prefix}d`);
		await tui.waitForExit();
		assert.equal(kitty.flags(), 0, `popped at detach: ${kitty.log.join(', ')}`);
		assert.equal(kitty.log.filter(entry => entry.startsWith('push')).length, kitty.log.filter(entry => entry === 'pop').length, kitty.log.join(', '));
	});

	test('modifyOtherKeys: a terminal without kitty\'s protocol is asked for it, and its keys are re-encoded for a program that asked for kitty\'s', async () => {
		const kittyFile = await recorder(suite.sandbox, 'kitty-only', String.raw`\033[>1ukitty only`);
		const otherKeysFile = await recorder(suite.sandbox, 'mok-only', String.raw`\033[>4;2mmok only`);
		const tui = open('kitty-only');
		const level = watchModifyOtherKeys(tui);
		await tui.waitFor(/kitty only/);
		await tui.waitFor(() => level() === 2);
		// xterm's Shift+Enter and Ctrl+Enter under modifyOtherKeys 2.
		tui.type(`${esc}[27;2;13~${esc}[27;5;13~`);
		await tui.waitFor(() => received(kittyFile) === `${esc}[13;2u${esc}[13;5u`);

		tui.type(`${prefix}n`);
		await tui.waitFor(/\[mok-only\]/);
		tui.type(`${esc}[27;2;13~`);
		await tui.waitFor(() => received(otherKeysFile) === `${esc}[27;2;13~`);
		tui.type(`${prefix}d`);
		await tui.waitForExit();
		assert.equal(level(), 0, 'reset at detach');
	});

	test('the title: in the sidebar, in ls --json, on the terminal as claude-tui: NAME — TITLE, and given back at detach', async () => {
		const created = await execa(process.execPath, [cliPath, 'new', '--name', 'titled', '--', 'sh', '-c', String.raw`printf '\033]2;editing notes.txt\033\\'; exec sleep 100000`], {env: suite.sandbox.env, reject: false});
		assert.equal(created.exitCode, 0, created.stderr);
		const tui = open('titled');
		let title = '';
		tui.screen.onTitleChange(next => {
			title = next;
		});
		// What the terminal's title was before claude-tui started.
		tui.screen.write(`${esc}]2;my shell${st}`);
		await tui.waitFor(/editing notes\.txt/);
		await tui.waitFor(() => title === 'claude-tui: titled — editing notes.txt');
		const listed = JSON.parse((await execa(process.execPath, [cliPath, 'ls', '--json'], {env: suite.sandbox.env})).stdout) as Array<{name: string; title: string}>;
		assert.equal(listed.find(session => session.name === 'titled')?.title, 'editing notes.txt');
		tui.type(`${prefix}d`);
		await tui.waitForExit();
		assert.equal(title, 'my shell');
	});

	test('the cursor shape and colour follow the shown session and are reset at detach', async () => {
		await recorder(suite.sandbox, 'bar-cursor', String.raw`\033[5 q\033]12;#ff8800\033\\bar cursor`);
		await recorder(suite.sandbox, 'plain-cursor', 'plain cursor');
		const tui = open('bar-cursor');
		await tui.waitFor(/bar cursor/);
		await tui.waitFor(() => cursorShape(tui.screen) === 5);
		tui.type(`${prefix}n`);
		await tui.waitFor(/\[plain-cursor\]/);
		await tui.waitFor(() => cursorShape(tui.screen) === 0);
		tui.type(`${prefix}p`);
		await tui.waitFor(() => cursorShape(tui.screen) === 5);
		assert.ok(tui.output.includes(`${esc}]12;#ff8800${st}`), 'the cursor colour');
		tui.type(`${prefix}d`);
		await tui.waitForExit();
		assert.equal(cursorShape(tui.screen), 0);
		assert.ok(tui.output.slice(tui.output.lastIndexOf(`${esc}]12;#ff8800${st}`)).includes(`${esc}]112${st}`), 'the cursor colour given back');
	});

	test('a clipboard write (OSC 52) and a hyperlink (OSC 8) reach the terminal byte for byte; a clipboard read is not answered', async () => {
		const file = await recorder(suite.sandbox, 'copier', String.raw`\033]8;;https://example.com/doc\033\\the docs\033]8;;\033\\ \033]52;c;?\033\\`);
		const tui = open('copier');
		await tui.waitFor(/the docs/);
		assert.ok(tui.output.includes(`${esc}]8;;https://example.com/doc${st}the docs${esc}]8;;${st}`), 'the link, whole');
		await execa(process.execPath, [cliPath, 'send', 'copier', 'x'], {env: suite.sandbox.env});
		await tui.waitFor(() => received(file) === 'x');
		// A program copies "hello" while the TUI shows it (at Enter).
		const copy = `${esc}]52;c;aGVsbG8=${st}`;
		const script = String.raw`stty -echo; read line; printf '\033]52;c;aGVsbG8=\033\\copied'; exec sleep 100000`;
		await execa(process.execPath, [cliPath, 'new', '--name', 'copy-now', '--', 'sh', '-c', script], {env: suite.sandbox.env});
		tui.type(`${prefix}n`);
		await tui.waitFor(/\[copy-now\]/);
		tui.type('\r');
		await tui.waitFor(/copied/);
		await tui.waitFor(() => tui.output.includes(copy));
		// The read got nothing back: the program's input holds only what was typed.
		assert.equal(received(file), 'x');
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});
});
