// The view: from state to frame, as pure functions. The pane's rows, the cursor, overlays, and the modes the user's
// terminal is put in.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Mode} from '../../source/tui/modes/mode.js';
import {loadInk} from '../../source/tui/chrome/ink.js';
import type {TuiHost} from '../../source/tui/host.js';
import {computeLayout} from '../../source/tui/layout.js';
import {lineEdit} from '../../source/tui/line-editor.js';
import {PaneScreen} from '../../source/tui/pane.js';
import {RenderCache} from '../../source/tui/chrome/render-cache.js';
import {composeFrame, modeLabel, outerModesFor, paneArea, renderChromeLines, windowTitle, type ViewState} from '../../source/tui/view.js';
import {textWidth} from '../../source/tui/ansi-width.js';
import {screenOf, sessionInfo} from '../helpers/fake-client.js';

// The prompts and messages are Ink's to render, loaded as the TUI loads it after its first frame.
await loadInk();

const host = {defaultCommand: 'bash', prefixName: 'C-b', readOnly: false, hostNames: []} as unknown as TuiHost;

function state(fields: Partial<ViewState> = {}): ViewState {
	const session = sessionInfo({id: 'a1', name: 'alpha'});
	const layout = computeLayout(100, 30, 24);
	const screen = {...screenOf('a1', ['hello', 'world'], {cols: layout.paneColumns, rows: layout.paneRows}), cursor: {x: 5, y: 1, visible: true, shape: 0}};
	return {
		layout,
		sessions: [session],
		selected: session,
		pane: new PaneScreen('a1', screen),
		mode: {type: 'pane'},
		host,
		connection: 'connected',
		message: undefined,
		attention: new Set(),
		counts: {waiting: 0, busy: 0, idle: 1},
		hosts: undefined,
		hostAway: undefined,
		prefixPending: false,
		sidebarHidden: false,
		...fields,
	};
}

test('the pane: the program\'s rows, each ending in an erase; its cursor placed right of the sidebar', () => {
	const {rows, cursor} = paneArea(state());
	assert.equal(rows.length, 29);
	assert.equal(rows[0], 'hello\u001B[K');
	assert.deepEqual(cursor, {x: 24 + 5, y: 1, visible: true});
});

test('a session wider than the pane is cut to it; a row that fills the pane gets no erase (it would take the last column)', () => {
	const wide = new PaneScreen('a1', screenOf('a1', ['x'.repeat(120), 'y'.repeat(76)], {cols: 120, rows: 29}));
	const {rows} = paneArea(state({pane: wide}));
	assert.equal(textWidth(rows[0]!), 76);
	assert.equal(rows[1], 'y'.repeat(76));
});

test('an overlay is centred over the pane and hides the cursor; an exited session says so on its last row', () => {
	const mode: Mode = {type: 'rename', sessionId: 'a1', line: lineEdit('alpha')};
	const {rows, cursor} = paneArea(state({mode}));
	assert.equal(cursor.visible, false);
	const boxRows = rows.map((row, y) => row.includes('alpha') ? y : -1).filter(y => y >= 0);
	assert.ok(boxRows.length > 0 && boxRows[0]! > 5 && boxRows[0]! < 20, `box rows ${boxRows.join(',')}`);

	const exited = sessionInfo({id: 'a1', name: 'alpha', status: 'exited', exitCode: 3});
	const last = paneArea(state({selected: exited, sessions: [exited]})).rows.at(-1)!;
	assert.match(last, /exit/i);
});

test('the frame: sidebar rows, each pane row moved to the pane\'s column, the status line last', () => {
	const view = state();
	const frame = composeFrame(view, renderChromeLines(view, new RenderCache()));
	assert.equal(frame.rows.length, 30);
	assert.ok(frame.rows[0]!.includes('\u001B[25Ghello'), JSON.stringify(frame.rows[0]));
	assert.ok(frame.rows.some(row => row.includes('alpha')));
});

test('the user\'s terminal follows the program\'s modes while its keys go to it, and takes the mouse where it did not', () => {
	const pane = new PaneScreen('a1', {...screenOf('a1', []), modes: {applicationCursorKeys: true, applicationKeypad: false, bracketedPaste: true, focusEvents: false, mouse: 'none', mouseEncoding: 'default', alternateScreen: true, kittyKeyboard: 0, modifyOtherKeys: 0}});
	const settings = {speaksKitty: false, title: true, mouse: true};
	const live = outerModesFor(state({pane}), settings);
	assert.equal(live.applicationCursorKeys, true);
	assert.equal(live.bracketedPaste, true);
	assert.equal(live.mouse, 'drag');
	assert.equal(live.title, 'claude-tui: alpha');
	// In a prompt the keys are the TUI's: the program's modes are off.
	const prompting = outerModesFor(state({pane, mode: {type: 'prompt', line: lineEdit()}}), settings);
	assert.equal(prompting.applicationCursorKeys, false);
	assert.equal(prompting.mouse, 'none');
	assert.equal(outerModesFor(state({pane}), {...settings, mouse: false}).mouse, 'none');
});

test('a title is cleaned of control characters; the status label says what the keys do', () => {
	assert.equal(windowTitle(sessionInfo({id: 'a1', name: 'al\u001Bpha', title: 'vim \u0007x'})), 'claude-tui: al pha — vim  x');
	assert.equal(windowTitle(undefined), 'claude-tui');
	assert.equal(modeLabel(state({prefixPending: true})), 'PREFIX');
	assert.equal(modeLabel(state({host: {...host, readOnly: true}})), 'READ-ONLY');
	assert.equal(modeLabel(state({mode: {type: 'sidebar', returnTo: undefined}})), 'SIDEBAR');
});
