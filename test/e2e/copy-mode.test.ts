// Copy mode through the real binary in a PTY (issue item 1): search over the whole history, the part only on disk
// included, matches highlighted, selection by keys (vi and emacs tables) and by mouse drag, the copy reaching the
// user's clipboard (OSC 52) and the paste buffer (prefix ]), and the wheel entering copy mode.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {waitFor} from '../helpers/daemon.js';
import {makeSandbox, type Sandbox} from '../helpers/sandbox.js';
import {cliPath, UserTerminal} from '../helpers/terminal.js';

const prefix = '\u0002';

/** The texts the TUI asked the user's terminal to put on the clipboard (OSC 52), in order. */
function clipboard(tui: UserTerminal): string[] {
	return [...tui.output.matchAll(/\u001B\]52;c;([A-Za-z\d+/=]*)\u0007/g)].map(match => Buffer.from(match[1]!, 'base64').toString('utf8'));
}

/** The cell where a pane row that is exactly `text` starts on the user's screen. */
function find(tui: UserTerminal, text: string): {x: number; y: number} | undefined {
	for (let y = 0; y < tui.screen.rows; y++) {
		if (tui.line(y).endsWith('│' + text)) {
			return {x: tui.line(y).length - text.length, y};
		}
	}

	return undefined;
}

describe('copy mode', () => {
	let sandbox: Sandbox;
	const terminals: UserTerminal[] = [];
	const open = (session: string, env: NodeJS.ProcessEnv = {}) => {
		const tui = new UserTerminal({args: [cliPath, 'attach', session], env: {...sandbox.env, ...env}});
		terminals.push(tui);
		return tui;
	};

	before(async () => {
		sandbox = await makeSandbox();
		await sandbox.ok('new', '--name', 'long', '--', 'bash', '--norc', '--noprofile');
		// 3,000 lines: the terminal keeps 2,000, so the first lines are only in the recording on disk.
		await sandbox.ok('send', 'long', '--enter', 'PS1="$ "; echo needle-early; seq -f "line-%g" 1 3000; echo needle-late');
		await waitFor(async () => (await sandbox.ok('history', 'long')).includes('needle-late'), {message: 'the output to be recorded'});
	});

	after(async () => {
		for (const terminal of terminals) {
			terminal.kill();
		}

		await sandbox.cleanup();
	});

	test('vi keys: ? finds a line only the history on disk holds, highlights it, V y copies it, prefix ] pastes it', async () => {
		const tui = open('long', {VISUAL: 'vim'});
		await tui.waitFor(/│needle-late$/m);
		tui.type(`${prefix}[`);
		// The view's position counts the lines on disk too: more than the 2,000 in memory.
		await tui.waitFor(screen => /COPY \[0\/(\d+)\]/.test(screen) && Number(/COPY \[0\/(\d+)\]/.exec(screen)![1]) > 2500);
		tui.type('?needle-early\r');
		await tui.waitFor(screen => /│needle-early$/m.test(screen) && /│line-1$/m.test(screen));
		const at = find(tui, 'needle-early')!;
		// The match the cursor is on is drawn as tmux draws the current match (magenta).
		assert.equal(tui.cell(at.x, at.y)?.getBgColor(), 5);
		tui.type('Vy');
		await tui.waitFor(screen => !screen.includes('COPY'));
		assert.deepEqual(clipboard(tui), ['needle-early']);
		tui.type('echo pasted-');
		tui.type(`${prefix}]`);
		tui.type('\r');
		await tui.waitFor(/│pasted-needle-early$/m);
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});

	test('vi keys: / n N move between matches; v and motions select part of a line', async () => {
		const tui = open('long', {VISUAL: 'vim'});
		await tui.waitFor(/│needle-late$/m);
		tui.type(`${prefix}[`);
		await tui.waitFor(/COPY \[0\/\d+\]/);
		// Keys typed after a search apply once it has found its match, as if it were instant.
		tui.type('g/line-25\rnN');
		tui.type('lllvE');
		tui.type('y');
		await waitFor(() => clipboard(tui).length === 1, {message: 'the copy'});
		// From line-25 (n went on to line-250, N back) three cells on, v then E (to the end of the WORD).
		assert.deepEqual(clipboard(tui), ['e-25']);
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});

	test('emacs keys: C-r searches back, C-Space and C-e select, M-w copies', async () => {
		const tui = open('long', {VISUAL: '', EDITOR: 'emacs'});
		await tui.waitFor(/│needle-late$/m);
		tui.type(`${prefix}[`);
		await tui.waitFor(/COPY \[0\/\d+\]/);
		tui.type('\u0012line-1500\r');
		await tui.waitFor(/│line-1500$/m);
		tui.type('\u0000\u0005\u001Bw');
		await waitFor(() => clipboard(tui).length === 1, {message: 'the copy'});
		assert.deepEqual(clipboard(tui), ['line-1500']);
		await tui.waitFor(screen => !screen.includes('COPY'));
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});

	test('the wheel over a pane whose program did not ask for the mouse enters copy mode; a drag selects and copies', async () => {
		const tui = open('long');
		await tui.waitFor(/│needle-late$/m);
		const late = find(tui, 'needle-late')!;
		// SGR reports, 1-based: wheel up, then down again past the bottom leaves (entered by the wheel).
		tui.type(`\u001B[<64;${late.x + 1};${late.y + 1}M`);
		await tui.waitFor(/COPY \[5\/\d+\]/);
		tui.type(`\u001B[<65;${late.x + 1};${late.y + 1}M`);
		await tui.waitFor(screen => !screen.includes('COPY'));
		// A drag across "needle-late": pressed on its first cell, released on its last.
		tui.type(`\u001B[<0;${late.x + 1};${late.y + 1}M\u001B[<32;${late.x + 5};${late.y + 1}M\u001B[<32;${late.x + 11};${late.y + 1}M\u001B[<0;${late.x + 11};${late.y + 1}m`);
		await waitFor(() => clipboard(tui).length === 1, {message: 'the copy'});
		assert.deepEqual(clipboard(tui), ['needle-late']);
		await tui.waitFor(screen => !screen.includes('COPY'));
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});
});
