// The TUI's first frame, end to end: the real binary in a PTY against a real daemon. The first frame it paints has
// the sidebar and the session's screen together (never the sidebar beside an empty pane first), drawn before Ink is
// loaded (the light renderer draws the sidebar and the status bar); what only Ink draws (the help) works once it
// is, and the terminal is restored on the way out.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {execa} from 'execa';
import {createEmulator} from '../../source/terminal/emulator.js';
import {cliPath, UserTerminal} from '../helpers/terminal.js';
import {makeSandbox, type Sandbox} from '../helpers/sandbox.js';

const prefix = '\u0002';
const syncEnd = '\u001B[?2026l';
const marker = 'FIRST-FRAME-MARK';

let sandbox: Sandbox;
const terminals: UserTerminal[] = [];

before(async () => {
	sandbox = await makeSandbox();
	const created = await execa(process.execPath, [cliPath, 'new', '--name', 'marked', '--', 'sh', '-c', `echo ${marker}; exec sleep 100000`], {env: sandbox.env, reject: false});
	assert.equal(created.exitCode, 0, created.stderr);
});

after(async () => {
	for (const terminal of terminals) {
		terminal.kill();
	}

	await sandbox.cleanup();
});

/** The screens after each frame the TUI wrote (each ends with the end of synchronized output). */
async function frames(output: string, cols: number, rows: number): Promise<string[]> {
	const screen = createEmulator({cols, rows});
	const shown: string[] = [];
	for (const chunk of output.split(syncEnd).slice(0, -1)) {
		await new Promise<void>(resolve => {
			screen.write(chunk + syncEnd, resolve);
		});
		const buffer = screen.buffer.active;
		shown.push(Array.from({length: rows}, (_, y) => buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '').join('\n'));
	}

	screen.dispose();
	return shown;
}

test('the first frame shows the sidebar and the session together; Ink-drawn help works after; the terminal comes back', async () => {
	const tui = new UserTerminal({args: [cliPath], env: sandbox.env, cols: 100, rows: 30});
	terminals.push(tui);
	await tui.waitFor(screen => screen.includes(marker) && /^\s*\S?1 \S marked/m.test(screen));
	const painted = (await frames(tui.output, 100, 30)).filter(screen => screen.trim() !== '');
	assert.ok(painted.length > 0, 'frames were painted');
	assert.match(painted[0]!, /marked/, `the first frame has the sidebar:\n${painted[0]}`);
	assert.match(painted[0]!, new RegExp(marker), `the first frame has the session's screen:\n${painted[0]}`);
	assert.match(painted[0]!, /\[marked\]/, `the first frame has the status bar:\n${painted[0]}`);

	// The help is drawn by Ink, which loads after the first frame.
	tui.type(`${prefix}?`);
	await tui.waitFor(/detach/i);
	tui.type('q');
	await tui.waitFor(screen => screen.includes(marker) && !/detach/i.test(screen));
	tui.type(`${prefix}d`);
	assert.equal(await tui.waitForExit(), 0);
	assert.equal(tui.screen.buffer.active.type, 'normal', 'left the alternate screen');
	assert.match(tui.text(), /\[detached \(from session marked\)\]/);
});
