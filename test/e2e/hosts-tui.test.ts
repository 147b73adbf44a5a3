// The TUI with a host: the real binary in a PTY, a real sshd on 127.0.0.1 and a second daemon behind it
// (helpers/hosts.ts). What a person sees: the sidebar by host, typing into a session over there, and a link that
// drops and comes back on its own with nothing lost.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import {childProcesses} from '../../bench/harness/processes.js';
import {waitFor} from '../helpers/daemon.js';
import {HostWorld} from '../helpers/hosts.js';
import {cliPath, UserTerminal} from '../helpers/terminal.js';

const prefix = '\u0002';
const up = '\u001B[A';
const down = '\u001B[B';
const right = '\u001B[C';

describe('the TUI with a host', () => {
	let world: HostWorld;
	const terminals: UserTerminal[] = [];
	const open = (args: string[]) => {
		const terminal = new UserTerminal({args: [cliPath, ...args], env: world.local.env, cols: 120, rows: 30});
		terminals.push(terminal);
		return terminal;
	};

	const remoteClients = async () => (JSON.parse(await world.remote.ok(['status', '--json'])) as {clients: number}).clients;

	before(async () => {
		world = await HostWorld.start();
		world.configure([world.host()]);
		await world.local.ok(['new', '--name', 'here', '--', 'cat']);
		await world.local.ok(['new', '--host', 'gpu', '--name', 'web', '--', 'bash', '--norc', '--noprofile']);
		await world.local.ok(['wait', 'gpu:web', '--until', 'idle', '--timeout', '20']);
	});

	after(async () => {
		for (const terminal of terminals) {
			terminal.kill();
		}

		await world.cleanup();
	});

	test('the sidebar groups sessions by host with its link; attach HOST:NAME types there and shows what it prints; prefix c asks which host', async () => {
		const tui = open(['attach', 'gpu:web']);
		const screen = await tui.waitFor(text => /^ local\s*│/m.test(text) && /^ gpu ● connected\s*│/m.test(text) && text.includes('[gpu:web]'));
		const rows = screen.split('\n');
		const localRow = rows.findIndex(line => line.startsWith(' local'));
		const gpuRow = rows.findIndex(line => line.startsWith(' gpu '));
		assert.ok(localRow < gpuRow, screen);
		assert.match(rows.slice(localRow, gpuRow).join('\n'), /here/);
		assert.match(rows.slice(gpuRow).join('\n'), /^▌2 [○●◌] web\b/m, 'the host\'s session is listed under it, without the host in its name');

		tui.type('echo typed-$((2+3))\r');
		await tui.waitFor(/│bash-[\d.]+# echo typed-\$\(\(2\+3\)\)\n.*│typed-5$/m);
		assert.match(await world.remote.ok(['capture', 'web']), /^typed-5$/m, 'it ran over there');
		// One link carries everything: one ssh, one client of the host's daemon (and the status request itself).
		assert.equal(childProcesses(tui.child.pid).filter(child => child.name === 'ssh').length, 1);
		assert.equal(await remoteClients(), 2);

		// States and notifications span hosts: from a local session, prefix w goes to the host's session that waits.
		tui.type(`${prefix}${up}`);
		await tui.waitFor(text => text.includes('[here]'));
		await world.remote.ok(['send', 'web', '--enter', 'read -p "Proceed? [y/N] " answer']);
		await tui.waitFor(/^ 2 ◆ web\s+! │/m);
		tui.type(`${prefix}w`);
		await tui.waitFor(text => text.includes('[gpu:web]') && /│Proceed\? \[y\/N\]$/m.test(text));
		tui.type('y\r');
		await tui.waitFor(/^▌2 [○●] web/m);

		tui.type(`${prefix}c`);
		await tui.waitFor(/› Host\s+ local {2}gpu /);
		tui.type(right);
		await tui.waitFor(/Directory\s+home on gpu/);
		tui.type('\tmade\t\tcat\r');
		await tui.waitFor(text => text.includes('[gpu:made]'));
		assert.match(await world.remote.ok(['ls']), /^made\s+\S+\s+\S+\s+\S+\s+\d+\s+~\s+cat$/m, 'created on the host, in its home');
		tui.type('made-here\r');
		await tui.waitFor(/│made-here\n.*│made-here$/m);
		tui.type(`${prefix}d`);
		assert.equal(await tui.waitForExit(), 0);
		await world.local.ok(['rm', 'gpu:made']);
	});

	test('ssh killed: the host shows as disconnected, local sessions carry on, and it reconnects and re-attaches with nothing lost', async () => {
		const tui = open(['attach', 'gpu:web']);
		await tui.waitFor(text => text.includes('[gpu:web]') && text.includes('● connected'));
		tui.type('clear; echo before-drop\r');
		await tui.waitFor(/│before-drop$/m);
		const [ssh] = childProcesses(tui.child.pid).filter(child => child.name === 'ssh');
		assert.ok(ssh, 'the TUI runs one ssh for the host');
		process.kill(ssh.pid, 'SIGKILL');
		await tui.waitFor(text => /^ gpu ✕ disconnected/m.test(text) && /lost the connection/.test(text));

		// The session over there keeps running, and prints while nobody is connected.
		await world.remote.ok(['send', 'web', '--enter', 'echo while-$((40+2))-away']);
		// This machine's sessions are untouched.
		tui.type(`${prefix}${up}`);
		await tui.waitFor(text => text.includes('[here]'));
		tui.type('local-still-works\r');
		await tui.waitFor(/│local-still-works\n.*│local-still-works$/m);
		tui.type(`${prefix}${down}`);
		await tui.waitFor(text => /^ gpu ● connected/m.test(text) && /│while-42-away$/m.test(text) && text.includes('[gpu:web]'));
		const [again] = childProcesses(tui.child.pid).filter(child => child.name === 'ssh');
		assert.ok(again && again.pid !== ssh.pid, 'a new ssh');
		tui.type('echo after-$((1+1))\r');
		await tui.waitFor(/│after-2$/m);
		assert.match(tui.text(), /│before-drop$/m, 'what was on the screen before the drop is still there');
		tui.type(`${prefix}d`);
		assert.equal(await tui.waitForExit(), 0);
		await waitFor(async () => await remoteClients() === 1, {message: 'the link to the host to end with the TUI'});
	});
});
