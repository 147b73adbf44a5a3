// The reference: real programs (vim, less, mc) run in claude-tui's pane and in a tmux pane of the same size, driven
// with the same keys, and seen through each one's client as a person would see them; the two screens must be equal
// cell for cell (characters, widths, colours, attributes) and the cursors in the same place.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {execa} from 'execa';
import {makeSandbox, type Sandbox} from '../helpers/sandbox.js';
import {cursorOf, differences, type Region, regionCells, screenText} from '../helpers/screen.js';
import {cliPath, UserTerminal} from '../helpers/terminal.js';
import {TmuxPane} from '../helpers/tmux-reference.js';

const pane: Region = {x: 28, y: 0, cols: 92, rows: 31};

const programs: Array<{name: string; command: string[]; keys: string[]}> = [
	{
		name: 'vim',
		// No swap file (both edit the same file), and a dark background in both: vim asks the terminal for its background
		// colour, which claude-tui answers and a detached tmux does not.
		command: ['vim', '-n', '--cmd', 'set bg=dark', 'notes.txt'],
		keys: [':set nu\r', '/words\r', '10G', 'ione 😀 two 中文 \u001B', 'Vjj', '\u001B:vsplit\r', '\u0017l30G'],
	},
	{name: 'less', command: ['less', 'notes.txt'], keys: ['/words\r', 'G', ' ', 'g']},
	{name: 'mc', command: ['mc', '--nosubshell'], keys: ['\u001B[B', '\u001B[B', '\t', '\u001B[B', '\u001B[21~']},
];

describe('real programs beside tmux', () => {
	let sandbox: Sandbox;
	let work: string;
	const closers: Array<() => Promise<void> | void> = [];

	before(async () => {
		sandbox = await makeSandbox();
		work = path.join(sandbox.directory, 'work');
		fs.mkdirSync(work);
		fs.writeFileSync(path.join(work, 'notes.txt'), Array.from({length: 80}, (_, index) => `line ${index} with some words 😀 and 中文 ${'x'.repeat(index % 40)}`).join('\n') + '\n');
		fs.mkdirSync(path.join(work, 'a directory'));
	});

	after(async () => {
		for (const close of closers.reverse()) {
			await close();
		}

		await sandbox.cleanup();
	});

	for (const {name, command, keys} of programs) {
		test(`${name}: the same screen and cursor as in tmux, after each key`, async () => {
			// Both start at 80x24 and are resized to the pane when their client attaches, so the program goes through
			// the same sizes in both.
			const created = await execa(process.execPath, [cliPath, 'new', '--name', name, '--cwd', work, '--', ...command], {env: sandbox.env, reject: false});
			assert.equal(created.exitCode, 0, created.stderr);
			const reference = await TmuxPane.start(command, {cols: 80, rows: 24, cwd: work, env: sandbox.env});
			closers.push(async () => reference.close());
			await new Promise(resolve => {
				setTimeout(resolve, 1000);
			});
			const tui = new UserTerminal({args: [cliPath, 'attach', name], env: sandbox.env, cols: pane.x + pane.cols, rows: pane.rows + 1});
			closers.push(() => {
				tui.kill();
			});
			const tmux = reference.attach(pane.cols, pane.rows);
			const same = async (when: string) => {
				let last: string[] = [];
				try {
					await tui.waitFor(() => {
						const {differing} = differences(regionCells(tui.screen, pane), regionCells(tmux.screen));
						const ours = cursorOf(tui.screen);
						const theirs = cursorOf(tmux.screen);
						if (ours.x - pane.x !== theirs.x || ours.y !== theirs.y || ours.visible !== theirs.visible) {
							differing.push(`cursor at ${ours.x - pane.x},${ours.y} (${ours.visible ? 'shown' : 'hidden'}), in tmux at ${theirs.x},${theirs.y} (${theirs.visible ? 'shown' : 'hidden'})`);
						}

						last = differing;
						return differing.length === 0;
					}, 15_000);
				} catch {
					assert.fail(`${name} ${when}: claude-tui's pane differs from tmux's:\n${last.join('\n')}\n\nclaude-tui:\n${screenText(tui.screen).join('\n')}\n\ntmux:\n${screenText(tmux.screen).join('\n')}`);
				}
			};

			await same('at start');
			assert.ok(screenText(tmux.screen).join('').trim() !== '', 'the program drew something');
			for (const key of keys) {
				tui.type(key);
				await reference.type(key);
				await same(`after ${JSON.stringify(key)}`);
			}

			tui.type('\u0002d');
			await tui.waitForExit();
		});
	}
});
