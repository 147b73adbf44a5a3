// Restorable sessions in the real TUI: after the daemon was killed, the sidebar marks them, the pane shows their last
// screen and says how to bring them back, and Enter does.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SessionInfo} from '../../source/protocol.js';
import {processGone, waitFor} from '../helpers/daemon.js';
import {sandboxForSuite} from '../helpers/sandbox.js';
import {cliPath, UserTerminal} from '../helpers/terminal.js';

const prefix = '\u0002';
const terminals: UserTerminal[] = [];

const suite = sandboxForSuite(terminals);

test('after a crash the TUI shows restorable sessions distinctly, and Enter in the pane restores one', async () => {
	for (const name of ['keeper', 'spare']) {
		await suite.sandbox.ok('new', '--name', name, '--', 'bash', '--norc', '--noprofile');
	}

	await suite.sandbox.ok('send', 'keeper', '--enter', 'PS1="$ "; echo before-$((20+1))');
	await waitFor(async () => (await suite.sandbox.ok('history', 'keeper')).includes('before-21'), {message: 'the output to be recorded'});
	const {pid} = JSON.parse(await suite.sandbox.ok('status', '--json')) as {pid: number};
	process.kill(pid, 'SIGKILL');
	await waitFor(() => processGone(pid), {message: 'the daemon to die'});

	const tui = new UserTerminal({args: [cliPath, 'attach', 'keeper'], env: suite.sandbox.env});
	terminals.push(tui);
	// The sidebar marks both as restorable; the pane shows the last screen and the way back.
	let screen = await tui.waitFor(text => text.includes('before-21') && /Enter restores it/.test(text));
	assert.match(screen, /↻ keeper/);
	assert.match(screen, /↻ spare/);
	assert.match(screen, /restorable/);
	tui.type('x');
	await tui.waitFor(/keeper is not running: Enter restores it/);
	// Item 3 of issue 14: a stray r and the typing after it restore nothing; the question comes first, and the keys
	// typed with the r are dropped, not answers.
	tui.type('rls -la\r');
	await tui.waitFor(/Restore "keeper"\? It runs bash --norc --noprofile again in/);
	tui.type('n');
	await tui.waitFor(text => !/Restore "keeper"/.test(text));
	assert.equal((JSON.parse(await suite.sandbox.ok('ls', '--json')) as SessionInfo[]).find(session => session.name === 'keeper')?.status, 'restorable');
	tui.type('\r');
	await tui.waitFor(/Restore "keeper"\?/);
	tui.type('y');
	screen = await tui.waitFor(text => /[◌●◆○] keeper/.test(text) && /── restored /.test(text) && !/Enter restores it/.test(text));
	assert.match(screen, /↻ spare/, 'only the selected session was restored');
	tui.type('echo after-$((20+2))\r');
	screen = await tui.waitFor(/│after-22$/m);
	// The old screen stays above the new one.
	assert.ok(screen.indexOf('before-21') < screen.indexOf('── restored') && screen.indexOf('── restored') < screen.indexOf('after-22'), screen);
	const sessions = JSON.parse(await suite.sandbox.ok('ls', '--json')) as SessionInfo[];
	assert.deepEqual(sessions.map(session => [session.name, session.status]), [['keeper', 'running'], ['spare', 'restorable']]);

	// prefix x on a restorable session offers to remove it with its history.
	tui.type(`${prefix}n`);
	await tui.waitFor(text => /▌2 ↻ spare/.test(text));
	tui.type(`${prefix}x`);
	await tui.waitFor(/Remove restorable session "spare" and its history\? \(y\/n\)/);
	tui.type('y');
	await tui.waitFor(text => !text.includes('spare'));
	tui.type(`${prefix}d`);
	assert.equal(await tui.waitForExit(), 0);
	const left = JSON.parse(await suite.sandbox.ok('ls', '--json')) as SessionInfo[];
	assert.deepEqual(left.map(session => session.name), ['keeper']);
});
