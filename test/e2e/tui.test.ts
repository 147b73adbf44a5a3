// End to end: the real claude-tui binary in a PTY, a real daemon in a temporary directory, and a headless xterm
// standing for the user's screen. Every assertion is about what a person would see.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {execa} from 'execa';
import {cliPath, UserTerminal} from '../helpers/terminal.js';
import {makeSandbox, type Sandbox} from '../helpers/sandbox.js';

const prefix = '\u0002';
const down = '\u001B[B';

async function cli(sandbox: Sandbox, ...args: string[]) {
	return execa(process.execPath, [cliPath, ...args], {env: sandbox.env, reject: false});
}

function openTui(sandbox: Sandbox, args: string[] = [], size = {cols: 120, rows: 32}): UserTerminal {
	return new UserTerminal({args: [cliPath, ...args], env: sandbox.env, ...size});
}

describe('the TUI', () => {
	let sandbox: Sandbox;
	const terminals: UserTerminal[] = [];
	const open = (args: string[] = [], size?: {cols: number; rows: number}) => {
		const terminal = openTui(sandbox, args, size);
		terminals.push(terminal);
		return terminal;
	};

	before(async () => {
		sandbox = await makeSandbox({VISUAL: '', EDITOR: ''});
		for (const name of ['alpha', 'beta']) {
			const result = await cli(sandbox, 'new', '--name', name, '--', 'bash', '--norc', '--noprofile');
			assert.equal(result.exitCode, 0, result.stderr);
		}
	});

	after(async () => {
		for (const terminal of terminals) {
			terminal.kill();
		}

		await sandbox.cleanup();
	});

	test('lists the sessions, echoes typing, keeps colours and wide characters', async () => {
		const tui = open();
		await tui.waitFor(screen => screen.includes('alpha') && screen.includes('beta'));
		tui.type('export PS1="$ "; printf "\\033[31mRED\\033[0m 世界 %s\\n" done\r');
		const screen = await tui.waitFor(/RED 世界 done/);
		const y = screen.split('\n').findIndex(line => line.includes('RED 世界 done'));
		const x = tui.line(y).indexOf('RED');
		const red = tui.cell(x, y)!;
		assert.equal(red.getChars(), 'R');
		assert.ok(red.isFgPalette(), 'RED keeps a palette colour');
		assert.equal(red.getFgColor(), 1);
		// The wide character takes two cells on the user's screen, as in the session.
		const wideX = [...tui.line(y)].findIndex(char => char === '世');
		assert.equal(tui.cell(wideX, y)?.getWidth(), 2);
		assert.equal(tui.cell(wideX + 2, y)?.getChars(), '界');
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});

	test('prefix Down shows the other session; detach restores the terminal and leaves sessions running', async () => {
		await cli(sandbox, 'send', 'beta', '--enter', 'echo this-is-beta');
		const tui = open(['attach', 'alpha']);
		await tui.waitFor(/alpha/);
		tui.type('echo this-is-alpha\r');
		await tui.waitFor(/^.*│.*this-is-alpha$/m);
		tui.type(prefix + down);
		await tui.waitFor(screen => screen.includes('this-is-beta') && !screen.includes('this-is-alpha'));
		tui.type(`${prefix}d`);
		assert.equal(await tui.waitForExit(), 0);
		assert.equal(tui.screen.buffer.active.type, 'normal', 'left the alternate screen');
		assert.match(tui.text(), /\[detached \(from session beta\)\]/);
		assert.doesNotMatch(tui.output.slice(tui.output.lastIndexOf('\u001B[?1049l')), /\u001B\[\?25l(?![\s\S]*\u001B\[\?25h)/, 'cursor shown again');
		const listed = await cli(sandbox, 'ls');
		assert.match(listed.stdout, /alpha\s+\S+\s+(?:starting|busy|waiting|idle)\s/);
		assert.match(listed.stdout, /beta\s+\S+\s+(?:starting|busy|waiting|idle)\s/);
	});

	test('keys typed before the session list arrives go to the session shown, and start no new one', async () => {
		const tui = open(['attach', 'alpha']);
		// At once, as a person types on: the TUI reads these before it knows the sessions.
		tui.type('echo typed-before-the-list\r');
		await tui.waitFor(/^.*│typed-before-the-list\s*$/m);
		tui.type(`${prefix}d`);
		assert.equal(await tui.waitForExit(), 0);
		const listed = await cli(sandbox, 'ls');
		assert.deepEqual(listed.stdout.split('\n').slice(1).filter(Boolean).map(line => line.split(/\s+/)[0]), ['alpha', 'beta'], listed.stdout);
	});

	test('reattaching shows the same screen again', async () => {
		const first = open(['attach', 'beta']);
		const before = await first.waitFor(/this-is-beta/);
		first.type(`${prefix}d`);
		await first.waitForExit();
		const second = open(['attach', 'beta']);
		const again = await second.waitFor(/this-is-beta/);
		const paneOf = (screen: string) => screen.split('\n').slice(0, -1).map(line => line.split('│').slice(1).join('│').trimEnd());
		assert.deepEqual(paneOf(again), paneOf(before));
		second.type(`${prefix}d`);
		await second.waitForExit();
	});

	test('after a flood it shows the last lines, and copy mode shows lines from the flood', async () => {
		const created = await cli(sandbox, 'new', '--name', 'flood', '--', 'bash', '--norc', '--noprofile');
		assert.equal(created.exitCode, 0, created.stderr);
		const tui = open(['attach', 'flood']);
		await tui.waitFor(/flood/);
		// 2 MB at full speed: the daemon sends this client screens, not the lines.
		tui.type('seq 1 300000; echo "flood-end-$((6*7))"\r');
		const paneOf = (screen: string) => screen.split('\n').slice(0, -1).map(line => line.split('│').slice(1).join('│').trimEnd());
		const after = paneOf(await tui.waitFor(/│flood-end-42$/m, 60_000));
		assert.equal(after[after.indexOf('flood-end-42') - 1], '300000');

		// Copy mode fetches the daemon's history: its top is far above what the screen showed.
		tui.type(`${prefix}[`);
		await tui.waitFor(/COPY \[0\/\d{4,}\]/);
		// M-< in copy mode's emacs keys (the default here, with no vi in $VISUAL or $EDITOR): the top.
		tui.type('\u001B<');
		// The top of the history on disk, once its rows have come (a dim … stands for rows on their way).
		const top = paneOf(await tui.waitFor(screen => /COPY \[(\d+)\/\1\]/.test(screen) && !screen.includes('…')));
		const numbers = top.filter(line => /^\d+$/.test(line)).map(Number);
		assert.ok(numbers.length > 20, `the view shows lines of the flood:\n${top.join('\n')}`);
		assert.ok(numbers[0]! < 300_000 - 1000, `the view's top line is from far back in the flood: ${numbers[0]}`);
		assert.deepEqual(numbers, numbers.map((_, index) => numbers[0]! + index), 'consecutive lines, none lost');
		tui.type('q');
		await tui.waitFor(screen => !screen.includes('COPY') && /│flood-end-42$/m.test(screen));
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});

	test('a terminal resize reaches the session', async () => {
		const tui = open(['attach', 'alpha'], {cols: 120, rows: 32});
		await tui.waitFor(/alpha/);
		tui.type('clear; tput cols\r');
		// 120 columns minus the 28-column sidebar.
		await tui.waitFor(/^.*│92$/m);
		tui.resize(100, 30);
		// The status bar drawn on the new last row says the TUI itself has taken the new size.
		await tui.waitFor(screen => screen.split('\n').length === 30 && screen.split('\n')[29]!.includes('help'));
		tui.type('clear; tput cols; tput lines\r');
		await tui.waitFor(/│72\n.*│29$/m);
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});

	test('a bell in the shown session rings the user\'s terminal once', async () => {
		const tui = open(['attach', 'alpha']);
		let bells = 0;
		tui.screen.onBell(() => {
			bells++;
		});
		await tui.waitFor(/alpha/);
		tui.type('printf "\\a"; echo rang-$((6*7))\r');
		await tui.waitFor(/^.*│rang-42$/m);
		// The mirror hears it and the daemon flags it: both paths lead to the one bell.
		await tui.waitFor(() => bells > 0);
		tui.type('echo after-bell\r');
		await tui.waitFor(/^.*│after-bell$/m);
		assert.equal(bells, 1);
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});

	test('a terminal too small says so, and grows back', async () => {
		const tui = open(['attach', 'alpha'], {cols: 22, rows: 10});
		await tui.waitFor(/too small/i);
		tui.resize(120, 30);
		await tui.waitFor(screen => screen.includes('alpha') && !/too small/i.test(screen));
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});

	test('prefix c opens a prompt that starts a session with a name and command', async () => {
		const tui = open(['attach', 'alpha']);
		await tui.waitFor(/alpha/);
		tui.type(`${prefix}c`);
		await tui.waitFor(/command/i);
		tui.type('gamma\t\tsh -c "echo made-by-prompt; exec sh"\r');
		await tui.waitFor(screen => screen.includes('made-by-prompt') && screen.includes('gamma'));
		const listed = await cli(sandbox, 'ls');
		assert.match(listed.stdout, /^gamma\s/m);
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});

	test('a session that exits stays listed with its status, and the TUI keeps running', async () => {
		await cli(sandbox, 'new', '--name', 'brief', '--', 'sh', '-c', 'echo bye; exit 3');
		const tui = open(['attach', 'brief']);
		await tui.waitFor(screen => /exited with code 3|exit 3/i.test(screen) && screen.includes('bye'));
		tui.type(prefix + down);
		await tui.waitFor(/this-is-alpha|alpha/);
		tui.type(`${prefix}d`);
		assert.equal(await tui.waitForExit(), 0);
	});

	test('SIGTERM restores the terminal', async () => {
		const tui = open(['attach', 'alpha']);
		await tui.waitFor(/alpha/);
		tui.child.kill('SIGTERM');
		await tui.waitForExit();
		assert.equal(tui.screen.buffer.active.type, 'normal');
		assert.ok(tui.output.lastIndexOf('\u001B[?1049l') > tui.output.lastIndexOf('\u001B[?1049h'));
	});
});

describe('the TUI on its own', () => {
	test('with no sessions it offers the default command, and Enter starts it', async () => {
		const sandbox = await makeSandbox({SHELL: '/bin/sh'});
		const tui = new UserTerminal({args: [cliPath], env: sandbox.env});
		try {
			await tui.waitFor(/No sessions/i);
			tui.type('\r');
			tui.type('echo started-$((40+2))\r');
			await tui.waitFor(/started-42/);
			tui.type(`${prefix}d`);
			assert.equal(await tui.waitForExit(), 0);
		} finally {
			tui.kill();
			await sandbox.cleanup();
		}
	});

	test('--embedded runs its own daemon, and its sessions end with it', async () => {
		const sandbox = await makeSandbox({SHELL: '/bin/sh'});
		const tui = new UserTerminal({args: [cliPath, '--embedded'], env: sandbox.env});
		try {
			await tui.waitFor(/No sessions/i);
			tui.type('\r');
			tui.type('echo embedded-ok\r');
			await tui.waitFor(/embedded-ok/);
			tui.type(`${prefix}d`);
			await tui.waitFor(/Quit\?/);
			tui.type('y');
			assert.equal(await tui.waitForExit(), 0);
			assert.match(tui.text(), /embedded daemon stopped/);
			// No shared daemon was started: `status` finds none.
			const status = await execa(process.execPath, [cliPath, 'status'], {env: sandbox.env, reject: false});
			assert.equal(status.exitCode, 1);
		} finally {
			tui.kill();
			await sandbox.cleanup();
		}
	});

	test('when the daemon dies the TUI says so and exits cleanly on q', async () => {
		const sandbox = await makeSandbox({SHELL: '/bin/sh'});
		await execa(process.execPath, [cliPath, 'new', '--', 'sh'], {env: sandbox.env});
		const tui = new UserTerminal({args: [cliPath], env: sandbox.env});
		try {
			await tui.waitFor(/│/);
			await execa(process.execPath, [cliPath, 'stop-daemon'], {env: sandbox.env});
			await tui.waitFor(/reconnect/i);
			tui.type('q');
			assert.equal(await tui.waitForExit(), 0);
			assert.equal(tui.screen.buffer.active.type, 'normal');
		} finally {
			tui.kill();
			await sandbox.cleanup();
		}
	});
});
