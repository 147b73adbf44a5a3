// The light renderer against Ink: for the sidebar, its strip and the status bar in many states and sizes, the cells
// it draws (characters, colours, bold, dim) are the cells Ink draws. Anything it does not draw, Ink does.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import React from 'react';
import {agentHome, agentSession} from '../helpers/fake-client.js';
import {newTerminal, regionCells, write} from '../helpers/screen.js';

// Ink's colours are decided when chalk loads, from stdout, a pipe under the test runner: forced on before it loads.
process.env.FORCE_COLOR = '1';
const {inkRenderToString, loadInk, Text} = await import('../../source/tui/chrome/ink.js');
const {renderLight} = await import('../../source/tui/chrome/light.js');
const {fitAnsi} = await import('../../source/tui/chrome/render.js');
const {Sidebar} = await import('../../source/tui/chrome/sidebar.js');
const {SidebarStrip} = await import('../../source/tui/chrome/sidebar-strip.js');
const {StatusBar} = await import('../../source/tui/chrome/status-bar.js');
const {NoSessions} = await import('../../source/tui/chrome/messages.js');
await loadInk();

const home = agentHome;
const session = agentSession;

const sessions = [
	session(1, {state: 'starting'}),
	session(2, {status: 'exited', exitCode: 3, pid: undefined, state: 'exited'}),
	session(3, {status: 'exited', signal: 'SIGKILL', pid: undefined, state: 'exited'}),
	session(4, {name: 'a-session-name-far-too-long-for-any-sidebar', state: 'waiting'}),
	session(5, {status: 'exited', exitCode: 0, pid: undefined, state: 'exited'}),
	session(6, {status: 'restorable', pid: undefined, state: 'exited'}),
	session(7, {state: 'idle', title: 'vim notes.md — 日本語 🎉'}),
	session(8, {cwd: '/srv/a/very/long/path/to/some/project/deep/inside'}),
	...Array.from({length: 9}, (_, index) => session(index + 9)),
];
const hosts = [
	{name: 'gpu', state: {kind: 'connected' as const}},
	{name: 'build', state: {kind: 'disconnected' as const, reason: 'refused', retryAt: undefined}},
];
const hosted = [session(1), {...session(2, {id: 'gpu:s2', name: 'gpu:agent-2'}), host: 'gpu'}, {...session(3, {id: 'build:s3', name: 'build:agent-3'}), host: 'build'}];

async function cells(lines: string[], width: number): Promise<string[][]> {
	const terminal = newTerminal(width + 2, lines.length + 1);
	await write(terminal, lines.map((line, y) => `\u001B[${y + 1};1H${fitAnsi(line, width)}\u001B[0m`).join(''));
	const found = regionCells(terminal, {x: 0, y: 0, cols: width, rows: lines.length});
	terminal.dispose();
	return found;
}

/** Whether the light renderer drew `element`; when it did, its cells must be Ink's. */
async function assertSame(element: React.ReactElement, width: number, what: string): Promise<boolean> {
	const light = renderLight(element, width);
	if (!light) {
		return false;
	}

	const ink = inkRenderToString(element, {columns: width}).split('\n');
	assert.equal(light.length, ink.length, `${what}: rows`);
	assert.deepEqual(await cells(light, width), await cells(ink, width), what);
	return true;
}

test('the sidebar is drawn as Ink draws it: every state, selection, focus, attention, scrolling, hosts and size', async () => {
	for (const width of [8, 12, 20, 28, 40]) {
		for (const height of [1, 3, 6, 12, 40]) {
			for (const [selectedId, focused] of [['s1', false], ['s4', true], ['s12', false], [undefined, false], ['s2', true], ['s6', false]] as const) {
				const attention = new Set(['s4', 's9']);
				const what = `sidebar ${width}x${height} selected ${selectedId} focused ${focused}`;
				const drawn = await assertSame(<Sidebar sessions={sessions} selectedId={selectedId} focused={focused} width={width} height={height} attention={attention} home={home} />, width, what);
				assert.ok(drawn || width < 20 || height < 6, `the light renderer draws ${what}`);
				await assertSame(<SidebarStrip sessions={sessions} selectedId={selectedId} focused={focused} width={Math.min(width, 4)} height={height} attention={attention} />, Math.min(width, 4), `strip: ${what}`);
			}

			assert.ok(await assertSame(<Sidebar sessions={hosted} selectedId="gpu:s2" focused={false} width={width} height={height} attention={new Set()} home={home} hosts={hosts} />, width, `hosts ${width}x${height}`) || width < 20 || height < 6);
			assert.ok(await assertSame(<Sidebar sessions={[]} focused={false} width={width} height={height} attention={new Set()} />, width, `empty ${width}x${height}`) || width < 20 || height < 6);
		}
	}
});

test('the status bar is drawn as Ink draws it: names, modes, messages, counts and connections, wide and cramped', async () => {
	for (const width of [20, 30, 60, 100, 200]) {
		for (const connection of ['connected', 'reconnecting', 'disconnected', 'embedded'] as const) {
			for (const message of [undefined, 'agent-2 has exited', 'x'.repeat(80), 'emoji 🎉 and 日本語']) {
				for (const mode of [undefined, 'PREFIX', 'SCROLL 12/2000']) {
					const props = {width, prefix: 'C-b', connection, message, mode, counts: {waiting: 2, busy: 1, idle: 3}};
					const drawn = await assertSame(<StatusBar {...props} sessionName="agent-7" />, width, `status ${JSON.stringify(props)}`);
					await assertSame(<StatusBar {...props} sessionName={undefined} counts={undefined} />, width, `status without a session ${JSON.stringify(props)}`);
					assert.ok(drawn || width < 60 || message !== undefined, `the light renderer draws status ${JSON.stringify(props)}`);
				}
			}
		}
	}
});

function WithHook() {
	const [word] = React.useState('hooked');
	return <Text>{word}</Text>;
}

test('what the light renderer does not draw is left to Ink', () => {
	assert.equal(renderLight(<NoSessions width={40} height={10} defaultCommand="claude" prefix="C-b" />, 40), undefined);
	assert.equal(renderLight(<Text>{'x'.repeat(41)}</Text>, 40), undefined, 'a line wider than its box');
	assert.equal(renderLight(<Text color="#ff0000">red</Text>, 40), undefined, 'a colour that is not a name');
	assert.equal(renderLight(<WithHook />, 40), undefined, 'a component with hooks');
	assert.deepEqual(inkRenderToString(<WithHook />, {columns: 40}).split('\n'), ['hooked']);
});
