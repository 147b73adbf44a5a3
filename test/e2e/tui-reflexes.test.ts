// The tmux reflexes through the real binary in a PTY (issue 14): the sidebar that hides and collapses, tmux's keys,
// prefixes of any key, keys that follow a prefix command, restore that asks, sizes that follow the clients left,
// read-only attach, the new-session prompt, where a shell has gone, exited sessions, the session last used.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {execa} from 'execa';
import type {SessionInfo} from '../../source/protocol.js';
import {waitFor} from '../helpers/daemon.js';
import {makeSandbox, type Sandbox} from '../helpers/sandbox.js';
import {cliPath, UserTerminal} from '../helpers/terminal.js';

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

	test('5: tmux keys ( ) L $ and the : prompt; unknown keys named as tmux names them', async () => {
		const tui = open(['attach', 'one']);
		await tui.waitFor(/one\$$/m);
		tui.type(`${prefix})`);
		await tui.waitFor(/\[two\]/);
		tui.type(`${prefix})`);
		await tui.waitFor(/\[three\]/);
		tui.type(`${prefix}(`);
		await tui.waitFor(/\[two\]/);
		// L: the session shown before this one.
		tui.type(`${prefix}L`);
		await tui.waitFor(/\[three\]/);
		tui.type(`${prefix}$`);
		await tui.waitFor(/Rename session/);
		// The cursor moves: C-a to the start, then a word goes in front.
		tui.type('\u0001my-\r');
		await waitFor(async () => (await sessions()).some(session => session.name === 'my-three'), {message: 'the rename'});
		tui.type(`${prefix}:`);
		await tui.waitFor(/Command/);
		tui.type('rename my-three three\r');
		await waitFor(async () => (await sessions()).some(session => session.name === 'three'), {message: 'the rename from the prompt'});
		tui.type(`${prefix}:`);
		tui.type('select one\r');
		await tui.waitFor(/\[one\]/);
		tui.type(`${prefix}:`);
		tui.type('frobnicate\r');
		await tui.waitFor(/Unknown command "frobnicate"/);
		tui.type('\u001B');
		// (Escape and the next key in one read would be Alt and that key: wait for the prompt to go first.)
		await tui.waitFor(screen => !screen.includes('Unknown command'));
		tui.type(`${prefix}\u001B[15~`);
		await tui.waitFor(/C-b F5 is not a command/);
		await detach(tui);
	});

	test('5: Meta and function keys are prefixes too', async () => {
		for (const [spec, sequence] of [['M-a', '\u001Ba'], ['F12', '\u001B[24~']] as const) {
			const tui = open(['attach', 'one', '--prefix', spec]);
			await tui.waitFor(new RegExp(`${spec} \\? help`));
			tui.type(sequence + ')');
			await tui.waitFor(/\[two\]/);
			tui.type(sequence + 'd');
			assert.equal(await tui.waitForExit(), 0, spec);
		}
	});

	test('5: plain claude-tui opens the session last shown', async () => {
		const first = open(['attach', 'two']);
		await first.waitFor(/\[two\]/);
		await detach(first);
		const again = open([]);
		await again.waitFor(/\[two\]/);
		await detach(again);
	});

	test('5: inside a tmux with the same prefix, a hint says so, once', async () => {
		const name = `claude-tui-test-${process.pid}`;
		await execa('tmux', ['-L', name, '-f', '/dev/null', 'new-session', '-d', '-s', 'hint']);
		try {
			const socketPath = (await execa('tmux', ['-L', name, 'display-message', '-p', '#{socket_path}'])).stdout.trim();
			const inTmux = {TMUX: `${socketPath},1,0`};
			const tui = open(['attach', 'one'], undefined, inTmux);
			await tui.waitFor(/Inside tmux, tmux takes C-b first/);
			await detach(tui);
			const later = open(['attach', 'one'], undefined, inTmux);
			await later.waitFor(/\[one\]/);
			await new Promise(resolve => {
				setTimeout(resolve, 300);
			});
			assert.doesNotMatch(later.text(), /Inside tmux/);
			await detach(later);
		} finally {
			await execa('tmux', ['-L', name, 'kill-server'], {reject: false});
		}
	});

	test('2: keys that arrive with a prefix command go to the prompt it opened, not the session', async () => {
		await ok('new', '--name', 'bunched', '--', 'bash', '--norc', '--noprofile');
		const tui = open(['attach', 'bunched']);
		await tui.waitFor(/\[bunched\]/);
		tui.type('PS1="b$ "\r');
		await tui.waitFor(/b\$$/m);
		// One read: prefix , then C-u, a name and Enter.
		tui.type(`${prefix},\u0015bunched-renamed\r`);
		await waitFor(async () => (await sessions()).some(session => session.name === 'bunched-renamed'), {message: 'the rename'});
		tui.type('echo still-here\r');
		await tui.waitFor(/│still-here$/m);
		assert.doesNotMatch(tui.text(), /bunched-renamed: command not found|│b\$ bunched-renamed/);
		await detach(tui);
	});

	test('11: prefix x removes a running session as tmux kills one; an exited session says Enter restores it, and it does', async () => {
		await ok('new', '--name', 'doomed', '--', 'bash', '--norc', '--noprofile');
		await ok('new', '--name', 'brief', '--', 'sh', '-c', 'echo ran-$$; exit 3');
		const tui = open(['attach', 'doomed']);
		await tui.waitFor(/\[doomed\]/);
		tui.type(`${prefix}x`);
		await tui.waitFor(/Kill session "doomed" and remove it with its history\? \(y\/n\)/);
		tui.type('y');
		await waitFor(async () => !(await sessions()).some(session => session.name === 'doomed'), {message: 'the session to go'});
		tui.type(`${prefix}:select brief\r`);
		await tui.waitFor(/Session exited with code 3 — Enter restores it, C-b x removes it/);
		const before = (await sessions()).find(session => session.name === 'brief')!;
		tui.type('\r');
		await tui.waitFor(/Restore "brief"\? It runs sh -c echo ran-\$\$; exit 3 again in/);
		tui.type('y');
		await waitFor(async () => (await sessions()).find(session => session.name === 'brief')?.restoredAt !== before.restoredAt, {message: 'the restore'});
		await tui.waitFor(/── restored /);
		await detach(tui);
	});

	test('10: the sidebar and ls show where a shell has gone, not where it started', async () => {
		await ok('new', '--name', 'walker', '--', 'bash', '--norc', '--noprofile');
		const tui = open(['attach', 'walker']);
		await tui.waitFor(/\[walker\]/);
		tui.type('cd /usr/share\r');
		await tui.waitFor(/^▌ {4}\/usr\/share +│/m);
		const listed = await ok('ls');
		assert.match(listed, /^walker +\S+ +\S+ +\d+x\d+ +\d+ +\/usr\/share +bash --norc --noprofile$/m);
		const walker = (await sessions()).find(session => session.name === 'walker')!;
		assert.deepEqual([walker.currentCwd, walker.cwd !== '/usr/share'], ['/usr/share', true]);
		await detach(tui);
	});

	test('6: when a client leaves, the session takes the size of the latest one left; attach --read-only never resizes or types', async () => {
		await ok('new', '--name', 'shared', '--', 'bash', '--norc', '--noprofile');
		const size = async () => {
			const found = (await sessions()).find(session => session.name === 'shared')!;
			return `${found.cols}x${found.rows}`;
		};

		const big = open(['attach', 'shared'], {cols: 140, rows: 40});
		await big.waitFor(/\[shared\]/);
		await waitFor(async () => (await size()) === '112x39', {message: 'the size of the first client'});
		const small = open(['attach', 'shared'], {cols: 110, rows: 30});
		await small.waitFor(/\[shared\]/);
		await waitFor(async () => (await size()) === '82x29', {message: 'the size of the client that attached last'});
		await detach(small);
		await waitFor(async () => (await size()) === '112x39', {message: 'the size of the client left'});
		big.type('clear; tput cols\r');
		await big.waitFor(/│112$/m);

		const viewer = open(['attach', 'shared', '--read-only'], {cols: 100, rows: 30});
		await viewer.waitFor(/READ-ONLY/);
		viewer.type('echo typed-by-viewer\r');
		await viewer.waitFor(/Read-only: typing does not reach the session/);
		viewer.type(`${prefix}x`);
		await viewer.waitFor(/Read-only: C-b x would change the session/);
		assert.equal(await size(), '112x39');
		big.type('echo from-big\r');
		await viewer.waitFor(/│from-big$/m);
		assert.doesNotMatch(viewer.text(), /typed-by-viewer/);
		await detach(viewer);
		await detach(big);
	});

	test('9: the new-session prompt expands ~, completes directories with Tab, and its cursor moves', async () => {
		const home = path.join(sandbox.directory, 'home');
		fs.mkdirSync(path.join(home, 'projects', 'alpha-app'), {recursive: true});
		fs.mkdirSync(path.join(home, 'projects', 'alpine'), {recursive: true});
		const tui = open(['attach', 'one'], undefined, {HOME: home});
		await tui.waitFor(/\[one\]/);
		tui.type(`${prefix}c`);
		await tui.waitFor(/New session/);
		// The name typed with a letter missing, then put in at the start: C-a moves the cursor there.
		tui.type('ine\u0001n\t');
		tui.type('~/pro\t');
		await tui.waitFor(/Directory\s+~\/projects\//);
		tui.type('al\t');
		// Two directories start with "al": as far as they agree, and both named.
		await tui.waitFor(screen => /Directory\s+~\/projects\/alp/.test(screen) && /alpha-app {2}alpine/.test(screen));
		tui.type('h\t');
		await tui.waitFor(/Directory\s+~\/projects\/alpha-app\//);
		tui.type('\tsh -c "pwd; exec sh"\r');
		await tui.waitFor(screen => screen.includes('[nine]') && screen.includes(path.join(home, 'projects', 'alpha-app')));
		const nine = (await sessions()).find(session => session.name === 'nine');
		assert.equal(nine?.cwd, path.join(home, 'projects', 'alpha-app'));
		await detach(tui);
	});

	test('8: config mistakes name the file and field, all of them; unknown keys are warned; help lists every flag', async () => {
		const configHome = path.join(sandbox.directory, 'other-config');
		const file = path.join(configHome, 'claude-tui', 'config.json');
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(file, '{"sidebarWidth": 2, "copyKeys": "nano"}');
		const broken = open(['attach', 'one'], undefined, {XDG_CONFIG_HOME: configHome});
		assert.equal(await broken.waitForExit(), 1);
		assert.match(broken.text(), /2 problems in the config file:/);
		assert.ok(broken.text().replaceAll('\n', '').includes(`"sidebarWidth" must be a whole number from 12 to 80, not 2`), broken.text());
		assert.ok(broken.text().replaceAll('\n', '').includes(`"copyKeys" must be "vi" or "emacs", not "nano"`), broken.text());
		fs.writeFileSync(file, '{"sidebarwidth": 30}');
		const warned = open(['attach', 'one'], undefined, {XDG_CONFIG_HOME: configHome});
		await warned.waitFor(/"sidebarwidth" is not an option; did you mean "sidebarWidth"\?/);
		await detach(warned);
		const attachHelp = await ok('attach', '--help');
		for (const flag of ['--read-only', '--prefix KEY', '--sidebar-width N', '--notify EVENTS']) {
			assert.ok(attachHelp.includes(flag), `attach --help lacks ${flag}:\n${attachHelp}`);
		}

		assert.match(await ok('status', '--help'), /claude-tui status \[--json\]/);
	});
});
