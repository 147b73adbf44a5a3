// The exact screen: programs' output shown in the pane cell for cell as a terminal of the pane's size shows it,
// attributes, widths and cursor included, on every path: live, after switching away and back, after detaching and
// attaching again, and after a flood. The real binary runs in a PTY whose output feeds a headless terminal standing for
// the user's screen; each program's bytes are also fed to a plain terminal of the pane's size, and the two compared.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type xterm from '@xterm/headless';
import {execa} from 'execa';
import {cliPath, UserTerminal} from '../helpers/terminal.js';
import {makeSandbox, sandboxForSuite, type Sandbox} from '../helpers/sandbox.js';
import {cursorOf, differences, newTerminal, regionCells, type Region, write} from '../helpers/screen.js';

const prefix = '\u0002';
const size = {cols: 120, rows: 32};
// The default 28-column sidebar on the left, the status bar below.
const pane: Region = {x: 28, y: 0, cols: 92, rows: 31};

const esc = '\u001B';
const csi = '\u001B[';

/** What each program prints at its first Enter. A line feed is written as \n: the PTY makes it \r\n (onlcr). */
const scenarios: Array<{name: string; bytes: string; shows: string}> = [
	{name: 'emoji-line', bytes: '😀'.repeat(50) + 'END\n', shows: 'END'},
	{
		name: 'emoji-box',
		bytes: [
			'┌────────────────────┐',
			'│😀 ok 🚀 中文 ✅      │',
			'│👨‍👩‍👧 🇺🇸 e\u0301 ❤️ ⚠️ x  │',
			'└────────────────────┘',
		].join('\n') + `${csi}2;4HX${csi}3;3H<${csi}6;1Hafter box`,
		shows: 'after box',
	},
	{
		name: 'del-bytes',
		bytes: 'a\u007Fb\n' + 'text\u007F\u007F\u007Fmore\u0005\u0006\u0010\u0011\n'.repeat(200) + 'del done\n',
		shows: 'del done',
	},
	{
		name: 'pen-before-alternate',
		bytes: `${csi}1;7;34mcoloured main screen${csi}?1049h${csi}H${csi}2Jfull screen${csi}0m plain${csi}10;5H${csi}42mboxed${csi}0m${csi}20;1Hbottom`,
		shows: 'bottom',
	},
	{
		name: 'dec-graphics',
		bytes: `${esc}(0lqqqqk\nx    x\nmqqqqj${esc}(B\n${esc})0\u000Elqk\u000F plain again\n${esc}(0 still graphics: lqk`,
		shows: 'plain again',
	},
	{
		name: 'region-decsc-tabs',
		bytes: [
			`${csi}3g${csi}1;5H${esc}H${csi}1;17H${esc}H${csi}1;30H${esc}H`,
			`${csi}4;10r${csi}4;1H`,
			Array.from({length: 12}, (_, index) => `region line ${index}`).join('\n'),
			`${csi}2;3H${csi}1;33m${esc}7${csi}0m${csi}20;1Houtside the region`,
			`${esc}8saved\tA\tB\tC`,
		].join(''),
		shows: 'outside the region',
	},
	{name: 'full-last-row', bytes: `${csi}999;1H` + 'x'.repeat(91) + 'Z', shows: 'xxxxZ'},
	{
		name: 'underline-styles',
		bytes: [
			`${csi}4msingle${csi}0m ${csi}4:2mdouble${csi}0m ${csi}4:3;58;5;196mcurly red${csi}0m`,
			`${csi}4:4;58;2;0;128;255mdotted rgb${csi}0m ${csi}4:5mdashed${csi}0m ${csi}21mdouble21${csi}0m`,
			`${esc}]8;;https://example.com/x${esc}\\a link${esc}]8;;${esc}\\ ${csi}9;53mstrike over${csi}0m ${csi}2;3mdim italic${csi}0m`,
		].join('\n') + '\n',
		shows: 'dim italic',
	},
	{
		name: 'colour-chart',
		bytes: Array.from({length: 16}, (_, row) =>
			Array.from({length: 16}, (_, column) => {
				const n = (row * 16) + column;
				return `${csi}38;5;${n}m${n % 10}${csi}48;5;${n}m ${csi}0m`;
			}).join('') + `${csi}${30 + (row % 8)}m ${row}${csi}${90 + (row % 8)}m#${csi}38;2;${row * 16};100;200mrgb${csi}0m`,
		).join('\n') + '\nchart end\n',
		shows: 'chart end',
	},
];

// A flood: 2 MB of numbered, coloured lines, then the scenario's bytes again.
const flood = Array.from({length: 30_000}, (_, index) => `${csi}3${index % 8}m${index} ${'flood '.repeat(10)}${csi}0m\n`).join('');

describe('the exact screen', () => {
	let sandbox: Sandbox;
	const terminals: UserTerminal[] = [];
	const references = new Map<string, xterm.Terminal>();

	const open = (session: string) => {
		const terminal = new UserTerminal({args: [cliPath, 'attach', session], env: sandbox.env, ...size});
		terminals.push(terminal);
		return terminal;
	};

	/** Waits until the pane shows exactly what `reference` shows, cursor included; fails with the cells that differ. */
	async function expectPane(tui: UserTerminal, name: string, when: string): Promise<void> {
		const reference = references.get(name)!;
		const expected = regionCells(reference);
		const cursor = cursorOf(reference);
		let last: string[] = [];
		try {
			await tui.waitFor(() => {
				const {differing} = differences(regionCells(tui.screen, pane), expected);
				const shown = cursorOf(tui.screen);
				if (shown.visible !== cursor.visible || (cursor.visible && (shown.x !== pane.x + cursor.x || shown.y !== pane.y + cursor.y))) {
					differing.push(`cursor at ${JSON.stringify(shown)}, expected ${JSON.stringify({...cursor, x: pane.x + cursor.x})}`);
				}

				last = differing;
				return differing.length === 0;
			}, 30_000);
		} catch (error) {
			throw new Error(`${name}, ${when}: the pane differs from the program's screen:\n${last.join('\n')}\n\n${(error as Error).message}`);
		}
	}

	before(async () => {
		sandbox = await makeSandbox();
		for (const {name, bytes} of scenarios) {
			const stages = [bytes, flood + bytes];
			const files = stages.map((stage, index) => {
				const file = path.join(sandbox.directory, `${name}.${index + 1}`);
				fs.writeFileSync(file, stage);
				return file;
			});
			// Prints one stage at each Enter; the keys are not echoed, so the screen holds the program's bytes alone.
			const script = 'stty -echo; for f in "$@"; do read -r line; cat "$f"; done; exec sleep 100000';
			const created = await execa(process.execPath, [cliPath, 'new', '--name', name, '--', 'sh', '-c', script, 'sh', ...files], {env: sandbox.env, reject: false});
			assert.equal(created.exitCode, 0, created.stderr);
			const reference = newTerminal(pane.cols, pane.rows);
			references.set(name, reference);
		}
	});

	after(async () => {
		for (const terminal of terminals) {
			terminal.kill();
		}

		for (const reference of references.values()) {
			reference.dispose();
		}

		await sandbox.cleanup();
	});

	// Each program prints its first stage once the TUI has sized it to the pane; the reference gets the same bytes.
	const printStage = async (tui: UserTerminal, name: string, stage: number) => {
		await write(references.get(name)!, fs.readFileSync(path.join(sandbox.directory, `${name}.${stage}`), 'utf8').replaceAll('\n', '\r\n'));
		tui.type('\r');
	};

	// One TUI goes through the sessions in sidebar order (prefix n); each scenario is checked on every path.
	let tui: UserTerminal;

	test('live', async () => {
		tui = open(scenarios[0]!.name);
		await tui.waitFor(/Sessions 9/);
		for (const [index, {name, shows}] of scenarios.entries()) {
			if (index > 0) {
				tui.type(`${prefix}n`);
				await tui.waitFor(screen => new RegExp(`\\[${name}\\]`).test(screen));
			}

			await printStage(tui, name, 1);
			await tui.waitFor(screen => screen.includes(shows));
			await expectPane(tui, name, 'live');
		}
	});

	test('after switching away and back', async () => {
		for (const {name} of scenarios) {
			tui.type(`${prefix}n`);
			await tui.waitFor(screen => new RegExp(`\\[${name}\\]`).test(screen));
			await expectPane(tui, name, 'after a switch');
		}
	});

	test('after detaching and attaching again', async () => {
		tui.type(`${prefix}d`);
		await tui.waitForExit();
		tui = open(scenarios[0]!.name);
		for (const [index, {name}] of scenarios.entries()) {
			if (index > 0) {
				tui.type(`${prefix}n`);
			}

			await tui.waitFor(screen => new RegExp(`\\[${name}\\]`).test(screen));
			await expectPane(tui, name, 'after detach and attach');
		}
	});

	test('after a flood, live and after a switch', async () => {
		// From the last session, prefix n goes round to the first.
		for (const {name} of scenarios) {
			tui.type(`${prefix}n`);
			await tui.waitFor(screen => new RegExp(`\\[${name}\\]`).test(screen));
			await printStage(tui, name, 2);
			await expectPane(tui, name, 'after a flood');
		}

		for (const {name} of scenarios) {
			tui.type(`${prefix}n`);
			await tui.waitFor(screen => new RegExp(`\\[${name}\\]`).test(screen));
			await expectPane(tui, name, 'after a flood and a switch');
		}

		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});

	test('DEL bytes leave the daemon log alone', () => {
		const log = fs.readFileSync(path.join(sandbox.directory, 'state', 'claude-tui', 'daemon.log'), 'utf8');
		// 1,200 DEL bytes went by twice; xterm's complaint is logged once a minute at most.
		assert.match(log, /session del-bytes: xterm error: Parsing error/);
		assert.ok((log.match(/Parsing error/g) ?? []).length <= 2, log);
	});
});

describe('mouse reports after a switch and a re-attach', () => {
	const terminals: UserTerminal[] = [];

	const suite = sandboxForSuite(terminals);

	test('a click reaches the program SGR-encoded (1006), at its place in the pane', async () => {
		const received = path.join(suite.sandbox.directory, 'mouse.in');
		const script = `stty raw -echo; printf '\\033[?1000h\\033[?1006hmouse ready'; exec cat > '${received}'`;
		for (const [name, command] of [['mouse', ['sh', '-c', script]], ['other', ['sh', '-c', 'echo other; exec sleep 100000']]] as const) {
			const created = await execa(process.execPath, [cliPath, 'new', '--name', name, '--', ...command], {env: suite.sandbox.env, reject: false});
			assert.equal(created.exitCode, 0, created.stderr);
		}

		// The pane's column 6, row 4 (1-based) is the outer terminal's column 28 + 6, row 4.
		const press = `${csi}<0;${pane.x + 6};4M`;
		const release = `${csi}<0;${pane.x + 6};4m`;
		const expected = `${csi}<0;6;4M${csi}<0;6;4m`;
		let tui = new UserTerminal({args: [cliPath, 'attach', 'mouse'], env: suite.sandbox.env, ...size});
		terminals.push(tui);
		await tui.waitFor(/mouse ready/);
		tui.type(`${prefix}n`);
		await tui.waitFor(/\[other\]/);
		// The other session asked for no mouse: the TUI takes it for copy mode (the wheel, drags), as tmux's mouse on.
		await tui.waitFor(() => tui.screen.modes.mouseTrackingMode === 'drag');
		tui.type(`${prefix}p`);
		await tui.waitFor(/\[mouse\]/);
		await tui.waitFor(() => tui.screen.modes.mouseTrackingMode === 'vt200');
		tui.type(press + release);
		await tui.waitFor(() => fs.existsSync(received) && fs.readFileSync(received, 'latin1') === expected);

		tui.type(`${prefix}d`);
		await tui.waitForExit();
		tui = new UserTerminal({args: [cliPath, 'attach', 'mouse'], env: suite.sandbox.env, ...size});
		terminals.push(tui);
		await tui.waitFor(() => tui.screen.modes.mouseTrackingMode === 'vt200');
		tui.type(press + release);
		await tui.waitFor(() => fs.readFileSync(received, 'latin1') === expected + expected);
		tui.type(`${prefix}d`);
		await tui.waitForExit();
	});
});
