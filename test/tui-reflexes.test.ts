// The tmux reflexes through the real binary in a PTY (issue 14): the sidebar that hides and collapses, tmux's keys,
// prefixes of any key, keys that follow a prefix command, restore that asks, sizes that follow the clients left,
// read-only attach, the new-session prompt, where a shell has gone, exited sessions, the session last used.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {execa} from 'execa';
import type {SessionInfo} from '../source/protocol.js';
import {waitFor} from './helpers/daemon.js';
import {makeSandbox, type Sandbox} from './helpers/sandbox.js';
import {cliPath, UserTerminal} from './helpers/terminal.js';

const prefix = '\u0002';

describe('tmux reflexes', () => {
	let sandbox: Sandbox;
	const terminals: UserTerminal[] = [];
	const open = (args: string[], size = {cols: 120, rows: 32}, env: NodeJS.ProcessEnv = {}) => {
		const tui = new UserTerminal({args: [cliPath, ...args], env: {...sandbox.env, ...env}, ...size});
		terminals.push(tui);
		return tui;
	};

	const cli = async (...args: string[]) => execa(process.execPath, [cliPath, ...args], {env: sandbox.env, reject: false});
	const ok = async (...args: string[]) => {
		const result = await cli(...args);
		assert.equal(result.exitCode, 0, `claude-tui ${args.join(' ')}: ${result.stderr}`);
		return result.stdout;
	};

	const sessions = async () => JSON.parse(await ok('ls', '--json')) as SessionInfo[];
	const detach = async (tui: UserTerminal) => {
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	};

	before(async () => {
		sandbox = await makeSandbox();
		for (const name of ['one', 'two', 'three']) {
			await ok('new', '--name', name, '--', 'bash', '--norc', '--noprofile');
			await ok('send', name, '--enter', `PS1="${name}$ "`);
		}
	});

	after(async () => {
		for (const terminal of terminals) {
			terminal.kill();
		}

		await sandbox.cleanup();
	});

	test('4: an 80-column terminal gets the strip of state glyphs; prefix z hides the sidebar and brings it back', async () => {
		const tui = open(['attach', 'one'], {cols: 80, rows: 24});
		await tui.waitFor(/one\$$/m);
		tui.type('clear; tput cols\r');
		// 80 columns minus the 4-column strip, not minus the 28-column sidebar.
		await tui.waitFor(screen => /^3 {2}│76$/m.test(screen) && /^▌[◌●◆○] │one\$$/m.test(screen) && /^ [◌●◆○] │$/m.test(screen));
		tui.type(`${prefix}z`);
		tui.type('clear; tput cols\r');
		await tui.waitFor(/^80$/m);
		tui.type(`${prefix}z`);
		tui.type('clear; tput cols\r');
		await tui.waitFor(/│76$/m);
		await detach(tui);
		const wide = open(['attach', 'one']);
		await wide.waitFor(/Sessions 3/);
		wide.type(`${prefix}z`);
		wide.type('clear; tput cols\r');
		await wide.waitFor(screen => /^120$/m.test(screen) && !screen.includes('Sessions'));
		await detach(wide);
	});
});
