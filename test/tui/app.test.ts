// The TUI controller in-process: the real TuiApp, drawing into a headless xterm that stands for the user's terminal,
// against a fake client whose answers each test chooses. What the daemon is asked, and what the screen shows.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ScreenAttachResult, SessionInfo} from '../../source/protocol.js';
import {TuiApp, type AppOptions, type ExitReason} from '../../source/tui/app.js';
import {asRpcClient, FakeClient, screenOf, sessionInfo} from '../helpers/fake-client.js';
import {OuterTerminal} from '../helpers/outer-terminal.js';

type World = {app: TuiApp; client: FakeClient; terminal: OuterTerminal; exited: Promise<ExitReason>; sessions: SessionInfo[]};

const prefix = '\u0002';

async function start(options: {sessions?: SessionInfo[]; app?: Partial<AppOptions>; cols?: number; rows?: number; client?: FakeClient} = {}): Promise<World> {
	const sessions = options.sessions ?? [sessionInfo({id: 'a1', name: 'alpha'}), sessionInfo({id: 'b2', name: 'beta'})];
	const client = options.client ?? new FakeClient();
	client.handle('events.subscribe', () => ({sessions}));
	client.handle('daemon.setTerminal', () => ({ok: true}));
	client.handle('session.resize', ({session}) => sessions.find(info => info.id === session));
	if (!client.has('session.attach')) {
		client.handle('session.attach', ({session}): ScreenAttachResult => ({
			session: sessions.find(info => info.id === session)!,
			screen: screenOf(session, [`this is ${session}'s screen`]),
		}));
	}

	const terminal = new OuterTerminal(options.cols ?? 100, options.rows ?? 30);
	const app = new TuiApp({
		client: asRpcClient(client),
		prefix,
		sidebarWidth: 24,
		embedded: false,
		stdin: terminal.stdin,
		stdout: terminal.stdout,
		async reconnect() {
			throw new Error('no daemon in this test');
		},
		defaultCommand: 'bash',
		title: false,
		...options.app,
	});
	const exited = app.run();
	return {app, client, terminal, exited, sessions};
}

async function stop(world: World): Promise<void> {
	world.app.dispose();
	world.app.restoreTerminal();
}

async function settle(): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, 30);
	});
}

test('the first running session is attached at the pane size, as rows; its screen is drawn in the pane, every session in the sidebar', async () => {
	const world = await start();
	const lines = await world.terminal.waitFor(lines => lines.some(line => line.includes("this is a1's screen")), 'the first session');
	const [attach] = world.client.asked('session.attach');
	// 100 columns less the 24-column sidebar; 30 rows less the status line.
	assert.deepEqual(attach, {session: 'a1', cols: 76, rows: 29, screen: true, readOnly: false});
	assert.ok(lines.some(line => line.includes('alpha')) && lines.some(line => line.includes('beta')), lines.join('\n'));
	// The pane starts right of the sidebar.
	const row = lines.find(line => line.includes("this is a1's screen"))!;
	assert.equal(row.indexOf('this is'), 24);
	await stop(world);
});

test('typing goes to the shown session as notifications; prefix n switches, and keys typed before the attach answers wait for it', async () => {
	const client = new FakeClient();
	let answer: (() => void) | undefined;
	const sessions = [sessionInfo({id: 'a1', name: 'alpha'}), sessionInfo({id: 'b2', name: 'beta'})];
	client.handle('session.attach', async ({session}) => {
		if (session === 'b2') {
			await new Promise<void>(resolve => {
				answer = resolve;
			});
		}

		return {session: sessions.find(info => info.id === session)!, screen: screenOf(session, [`screen of ${session}`])};
	});
	const world = await start({client, sessions});
	await world.terminal.waitFor(lines => lines.some(line => line.includes('screen of a1')), 'alpha');
	world.terminal.type('ls\r');
	await settle();
	assert.deepEqual(client.told('session.input'), [{session: 'a1', data: 'ls\r'}]);

	world.terminal.type(prefix + 'n');
	await settle();
	world.terminal.type('pwd\r');
	await settle();
	// beta's attach has not answered: its keys are held (its program decides how they are encoded).
	assert.deepEqual(client.told('session.input').map(input => input.session), ['a1']);
	assert.equal(client.asked('session.attach').at(-1).session, 'b2');
	answer!();
	await world.terminal.waitFor(lines => lines.some(line => line.includes('screen of b2')), 'beta');
	assert.deepEqual(client.told('session.input').at(-1), {session: 'b2', data: 'pwd\r'});
	assert.deepEqual(client.told('session.detach'), [{session: 'a1'}]);
	await stop(world);
});

test('screen updates reach the pane; an update for a session not shown is not drawn', async () => {
	const world = await start();
	await world.terminal.waitFor(lines => lines.some(line => line.includes("a1's screen")), 'alpha');
	world.client.send('session.screen', {...screenOf('b2', ['NOT SHOWN']), full: false});
	world.client.send('session.screen', {session: 'a1', cols: 76, rows: 29, full: false, lines: [[3, 'a new row']], cursor: {x: 9, y: 3, visible: true, shape: 0}});
	const lines = await world.terminal.waitFor(lines => lines.some(line => line.includes('a new row')), 'the update');
	assert.ok(!lines.some(line => line.includes('NOT SHOWN')));
	assert.equal(lines[3]!.indexOf('a new row'), 24);
	// The cursor is where the program's is, in the pane.
	assert.deepEqual([world.terminal.screen.buffer.active.cursorX, world.terminal.screen.buffer.active.cursorY], [24 + 9, 3]);
	await stop(world);
});

test('prefix c: the form asks the daemon for the session; a refusal is shown in the form with what was typed kept', async () => {
	const world = await start();
	await world.terminal.waitFor(lines => lines.some(line => line.includes("a1's screen")), 'alpha');
	world.client.handle('session.create', ({name}) => {
		throw new Error(`A session named "${name}" already exists`);
	});
	world.terminal.type(prefix + 'c');
	await world.terminal.waitFor(lines => lines.some(line => line.includes('New session')), 'the form');
	world.terminal.type('alpha\t\tvim notes.txt\r');
	const lines = await world.terminal.waitFor(lines => lines.some(line => line.includes('already exists')), 'the refusal');
	const [create] = world.client.asked('session.create');
	assert.equal(create.name, 'alpha');
	assert.equal(create.command, 'vim');
	assert.deepEqual(create.args, ['notes.txt']);
	assert.deepEqual([create.cols, create.rows], [76, 29]);
	assert.ok(lines.some(line => line.includes('vim notes.txt')), 'the command typed is still there');
	world.terminal.type('\u001B');
	await world.terminal.waitFor(lines => !lines.some(line => line.includes('New session')), 'the form closed');
	await stop(world);
});

test('read-only: a key that would change a session is refused and said; switching still works', async () => {
	const world = await start({app: {readOnly: true}});
	await world.terminal.waitFor(lines => lines.some(line => line.includes("a1's screen")), 'alpha');
	world.terminal.type(prefix + 'x');
	await world.terminal.waitFor(lines => lines.some(line => line.includes('Read-only')), 'the refusal');
	world.terminal.type('typed');
	world.terminal.type(prefix + 'n');
	await world.terminal.waitFor(lines => lines.some(line => line.includes("b2's screen")), 'beta');
	assert.deepEqual(world.client.told('session.input'), []);
	assert.ok(world.client.asked('session.attach').every(attach => attach.readOnly === true));
	assert.deepEqual(world.client.asked('session.remove'), []);
	await stop(world);
});

test('too small a terminal: it says so, and prefix d still detaches', async () => {
	const world = await start({cols: 18, rows: 4});
	await world.terminal.waitFor(lines => lines.join(' ').toLowerCase().includes('small'), 'the too-small message');
	world.terminal.type('keys');
	world.terminal.type(prefix + 'c');
	await settle();
	assert.deepEqual(world.client.told('session.input'), []);
	world.terminal.type(prefix + 'd');
	const reason = await world.exited;
	assert.equal(reason.kind, 'detached');
	await stop(world);
});

test('prefix ? draws the help from the key table; any key closes it', async () => {
	const world = await start();
	await world.terminal.waitFor(lines => lines.some(line => line.includes("a1's screen")), 'alpha');
	world.terminal.type(prefix + '?');
	const lines = await world.terminal.waitFor(lines => lines.some(line => line.includes('claude-tui keys')), 'the help');
	assert.ok(lines.some(line => line.includes('detach, sessions keep running')));
	world.terminal.type('q');
	await world.terminal.waitFor(lines => lines.some(line => line.includes("a1's screen")), 'the pane again');
	// The key that closed the help did not reach the session.
	assert.deepEqual(world.client.told('session.input'), []);
	await stop(world);
});

test('the daemon going away: the TUI says so, takes r and q only, and q quits', async () => {
	const world = await start();
	await world.terminal.waitFor(lines => lines.some(line => line.includes("a1's screen")), 'alpha');
	world.client.close();
	await world.terminal.waitFor(lines => lines.some(line => line.includes('Lost the connection')), 'the loss');
	world.terminal.type('abc');
	await settle();
	assert.deepEqual(world.client.told('session.input'), []);
	world.terminal.type('q');
	const reason = await world.exited;
	assert.equal(reason.kind, 'quit');
	await stop(world);
});
