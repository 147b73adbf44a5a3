// Agent state as a person sees it in the TUI: the real binary in a PTY, a real daemon in a temporary directory,
// the fake agent started as `claude`, and a headless xterm standing for the user's terminal, which also counts
// the bells and desktop notifications (OSC 9) that reach it.
import assert from 'node:assert/strict';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {installFakeClaude} from '../helpers/fake-claude.js';
import {makeSandbox, type Sandbox} from '../helpers/sandbox.js';
import {cliPath, UserTerminal} from '../helpers/terminal.js';

const prefix = '\u0002';

/** The sidebar entry of `name`: glyph, name and attention mark, as the user's screen shows it. */
function entry(screen: string, name: string): string | undefined {
	return screen.split('\n').map(line => line.split('│')[0]!).find(line => new RegExp(`^.\\d \\S ${name}\\b`).test(line));
}

describe('agent state in the TUI', () => {
	let sandbox: Sandbox;
	const terminals: UserTerminal[] = [];

	before(async () => {
		sandbox = await makeSandbox();
		const bin = installFakeClaude(sandbox.directory, {FAKE_AGENT_HOLD: '1', FAKE_AGENT_FRAME_MS: '50'});
		sandbox.env['PATH'] = `${bin}${path.delimiter}${sandbox.env['PATH'] ?? ''}`;
		await sandbox.ok('new', '--name', 'shell', '--', 'bash', '--norc', '--noprofile');
		await sandbox.ok('new', '--name', 'agent', '--', 'claude');
		await sandbox.ok('wait', 'agent', '--until', 'idle', '--timeout', '20');
		await sandbox.ok('wait', 'shell', '--until', 'idle', '--timeout', '20');
	});

	after(async () => {
		for (const terminal of terminals) {
			terminal.kill();
		}

		await sandbox.cleanup();
	});

	test('a background agent: busy, then waiting with a bell and a desktop notification, prefix w jumps to it, then idle', async () => {
		const tui = new UserTerminal({args: [cliPath, 'attach', 'shell'], env: sandbox.env});
		terminals.push(tui);
		let bells = 0;
		const notifications: string[] = [];
		tui.screen.onBell(() => {
			bells++;
		});
		tui.screen.parser.registerOscHandler(9, data => {
			notifications.push(data);
			return true;
		});

		await tui.waitFor(screen => entry(screen, 'agent')?.includes('○') ?? false);
		// Waited for, not asserted on the first screen showing [shell]: that may be a frame still arriving.
		await tui.waitFor(screen => /\[shell\].*2 idle/.test(screen.split('\n').at(-1)!));
		assert.equal(bells + notifications.length, 0, 'nothing to announce at start');

		await sandbox.ok('send', 'agent', '--enter', 'hello');
		await tui.waitFor(screen => entry(screen, 'agent')?.includes('●') ?? false);
		assert.equal(bells, 0, 'busy is no news');

		await sandbox.ok('send', 'agent', '.');
		const waiting = await tui.waitFor(screen => /◆ agent\s+!/.test(entry(screen, 'agent') ?? ''));
		assert.match(waiting, /waiting · /, 'the sidebar spells the state out');
		assert.match(waiting.split('\n').at(-1)!, /1 waiting/);
		await tui.waitFor(() => notifications.length > 0);
		assert.ok(bells >= 1, 'the outer terminal\'s bell rang');
		assert.match(notifications[0]!, /^claude-tui: agent is waiting/);

		// Prefix w: straight to the session that asks; the pane shows the question, the mark goes.
		tui.type(`${prefix}w`);
		const jumped = await tui.waitFor(screen => screen.includes('Do you want to proceed?') && /\[agent\]/.test(screen));
		assert.doesNotMatch(entry(jumped, 'agent') ?? '', /!/);

		tui.type('1');
		await tui.waitFor(screen => entry(screen, 'agent')?.includes('●') ?? false);
		tui.type('.');
		await tui.waitFor(screen => entry(screen, 'agent')?.includes('○') ?? false);

		// Asking again while shown: the user sees it, so no bell and no notification.
		const heard = {bells, notifications: notifications.length};
		tui.type('again\r');
		await tui.waitFor(screen => entry(screen, 'agent')?.includes('●') ?? false);
		tui.type('.');
		await tui.waitFor(screen => entry(screen, 'agent')?.includes('◆') ?? false);
		assert.deepEqual({bells, notifications: notifications.length}, heard);

		tui.type(`${prefix}w`);
		await tui.waitFor(/No other session is waiting/);
		tui.type(`${prefix}d`);
		assert.equal(await tui.waitForExit(), 0);
	});

	test('--notify none keeps the outer terminal quiet; the mark still shows', async () => {
		await sandbox.ok('send', 'agent', '2');
		await sandbox.ok('wait', 'agent', '--until', 'busy', '--timeout', '20');
		await sandbox.ok('send', 'agent', '.');
		await sandbox.ok('wait', 'agent', '--until', 'idle', '--timeout', '20');
		const tui = new UserTerminal({args: [cliPath, 'attach', 'shell', '--notify', 'none'], env: sandbox.env});
		terminals.push(tui);
		let bells = 0;
		let notifications = 0;
		tui.screen.onBell(() => {
			bells++;
		});
		tui.screen.parser.registerOscHandler(9, () => {
			notifications++;
			return true;
		});
		await tui.waitFor(screen => entry(screen, 'agent')?.includes('○') ?? false);
		await sandbox.ok('send', 'agent', '--enter', 'hello');
		await sandbox.ok('wait', 'agent', '--until', 'busy', '--timeout', '20');
		await sandbox.ok('send', 'agent', '.');
		await tui.waitFor(screen => /◆ agent\s+!/.test(entry(screen, 'agent') ?? ''));
		assert.deepEqual({bells, notifications}, {bells: 0, notifications: 0});
		tui.type(`${prefix}d`);
		assert.equal(await tui.waitForExit(), 0);
	});

	test('a bad --notify value is a clear error before the terminal is touched', async () => {
		const tui = new UserTerminal({args: [cliPath, '--notify', 'sometimes'], env: sandbox.env});
		terminals.push(tui);
		assert.equal(await tui.waitForExit(), 1);
		assert.match(tui.text(), /Invalid --notify .*"sometimes": use waiting, idle, exited/);
		assert.equal(tui.screen.buffer.active.type, 'normal', 'never entered the alternate screen');
	});
});
