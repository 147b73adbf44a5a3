// The TUI's view: from the state the controller holds to the frame the compositor writes and the modes the user's
// terminal should be in. Pure functions of their arguments (the chrome's Ink renders are cached by the caller).
import React from 'react';
import type {SessionInfo} from '../protocol.js';
import {cutAnsi, textWidth} from './ansi-width.js';
import {HostAway, NoSessions, SessionExited, SessionRestorable, TooSmall} from './chrome/messages.js';
import {renderChrome} from './chrome/render.js';
import type {RenderCache} from './chrome/render-cache.js';
import {Sidebar} from './chrome/sidebar.js';
import {SidebarStrip} from './chrome/sidebar-strip.js';
import {StatusBar, type Connection, type StateCounts} from './chrome/status-bar.js';
import {padAnsi, type Frame} from './compositor.js';
import type {TuiHost} from './host.js';
import type {HostStatus} from './hosts.js';
import {outerKeyboard, type KeyboardMode} from './keyboard.js';
import {minimumSize, stripWidth, type Layout} from './layout.js';
import {behaviorOf} from './modes/index.js';
import type {Mode} from './modes/mode.js';
import {plainModes, type OuterModes} from './outer-modes.js';
import type {PaneScreen} from './pane.js';
import {shownFields} from './session-store.js';

export type ViewState = {
	layout: Layout;
	sessions: readonly SessionInfo[];
	selected: SessionInfo | undefined;
	/** The shown session's screen (it may lag the selection while a switch's attach is on its way). */
	pane: PaneScreen | undefined;
	mode: Mode;
	/** For the modes' overlays and labels. */
	host: TuiHost;
	connection: Connection;
	message: string | undefined;
	/** Background sessions marked for the user's attention. */
	attention: ReadonlySet<string>;
	counts: StateCounts;
	hosts: readonly HostStatus[] | undefined;
	/** The selected session's host, when its link is down (said over the pane). */
	hostAway: {host: string; reason: string} | undefined;
	prefixPending: boolean;
	sidebarHidden: boolean;
};

export type Chrome = {sidebar: string[]; status: string};

const hidden = {x: 0, y: 0, visible: false};

/** The sidebar's rows and the status line; Ink renders, so cached by what they show. */
export function renderChromeLines(state: ViewState, cache: RenderCache): Chrome {
	const {layout, mode, sessions, selected} = state;
	const selectedId = selected?.id;
	const focused = mode.type === 'sidebar';
	const attention = new Set(state.attention);
	const sidebarKey = JSON.stringify([sessions.map(session => shownFields(session)), selectedId, focused, layout.sidebar, layout.sidebarWidth, layout.paneRows, [...attention].sort(), state.hosts?.map(host => [host.name, host.state.kind])]);
	const sidebar = layout.sidebarWidth === 0 ? [] : cache.get('sidebar' + sidebarKey, () => layout.sidebar === 'strip' ? renderChrome(
		<SidebarStrip sessions={sessions} selectedId={selectedId} focused={focused} width={layout.sidebarWidth} height={layout.paneRows} attention={attention} />,
		layout.sidebarWidth,
	) : renderChrome(
		<Sidebar sessions={sessions} selectedId={selectedId} focused={focused} width={layout.sidebarWidth} height={layout.paneRows} attention={attention} hosts={state.hosts} />,
		layout.sidebarWidth,
	));
	const statusProps = {
		width: layout.columns,
		sessionName: selected?.name,
		prefix: state.host.prefixName,
		connection: state.connection,
		message: state.message,
		mode: modeLabel(state),
		counts: state.counts,
	};
	const status = cache.get('status' + JSON.stringify(statusProps), () => renderChrome(<StatusBar {...statusProps} />, layout.columns))[0] ?? '';
	return {sidebar, status};
}

/** The status bar's word for what the keys do now. */
export function modeLabel(state: ViewState): string | undefined {
	return behaviorOf(state.mode).label?.(state.mode, state.host) ?? (state.prefixPending ? 'PREFIX' : state.host.readOnly ? 'READ-ONLY' : undefined);
}

/** The whole screen: the sidebar and the pane side by side, the status line below. */
export function composeFrame(state: ViewState, chrome: Chrome): Frame {
	const {layout} = state;
	const {rows: paneRows, cursor} = paneArea(state);
	// The pane's rows start at its own column, whatever width the user's terminal gave the sidebar's characters:
	// a terminal that draws an emoji one cell narrower than we measured shifts one row's sidebar, never the pane.
	const paneStart = `\u001B[${layout.paneX + 1}G`;
	const rows: string[] = [];
	for (let y = 0; y < layout.paneRows; y++) {
		rows.push((chrome.sidebar[y] ?? ' '.repeat(layout.sidebarWidth)) + paneStart + (paneRows[y] ?? ''));
	}

	rows.push(chrome.status);
	return {rows, cursor};
}

/** What is drawn when the terminal is too small for the layout. */
export function tooSmallFrame(layout: Layout, sidebarHidden: boolean): Frame {
	const minimum = minimumSize(sidebarHidden ? 0 : stripWidth);
	const lines = renderChrome(<TooSmall width={layout.columns} height={layout.rows} minWidth={minimum.columns} minHeight={minimum.rows} />, layout.columns);
	return {rows: fit(lines, layout.rows, layout.columns), cursor: hidden};
}

/**
What the pane area shows now, a row each (rows may end early: the rest of the row is erased), and where the
terminal's cursor belongs.
*/
export function paneArea(state: ViewState): Frame {
	const {layout, mode, pane, selected: session, host} = state;
	const width = layout.paneColumns;
	const height = layout.paneRows;
	if (state.sessions.length === 0) {
		return {rows: fit(renderChrome(<NoSessions width={width} height={height} defaultCommand={host.defaultCommand} prefix={host.prefixName} />, width), height, width), cursor: hidden};
	}

	const behavior = behaviorOf(mode);
	if (behavior.screen) {
		return {rows: fit(behavior.screen(mode, width, height, host), height, width), cursor: hidden};
	}

	const copying = mode.type === 'copy' && mode.copy.ready && mode.copy.sessionId === pane?.sessionId ? mode.copy.view(width) : undefined;
	const shown = copying?.rows ?? pane?.lines ?? [];
	// The session may be larger than the pane (another client set its size, or ours is on its way): cut its rows.
	const wider = (pane?.cols ?? 0) > width;
	const rows: string[] = [];
	for (let y = 0; y < height; y++) {
		const line = shown[y] ?? '';
		rows.push(eraseAfter(wider ? cutAnsi(line, width).text : line, width));
	}

	if (session?.status === 'exited' && pane?.sessionId === session.id) {
		rows[height - 1] = padAnsi(renderChrome(<SessionExited width={width} info={session} prefix={host.prefixName} />, width)[0] ?? '', width);
	} else if (session?.status === 'restorable' && pane?.sessionId === session.id) {
		rows[height - 1] = padAnsi(renderChrome(<SessionRestorable width={width} prefix={host.prefixName} />, width)[0] ?? '', width);
	}

	const overlay = behavior.overlay?.(mode, width, host) ?? (state.hostAway ? renderChrome(<HostAway width={width} host={state.hostAway.host} reason={state.hostAway.reason} />, width) : undefined);
	if (overlay) {
		const top = Math.max(0, Math.floor((height - overlay.length) / 2));
		for (const [index, line] of overlay.entries()) {
			if (top + index < height) {
				rows[top + index] = padAnsi(line, width);
			}
		}

		return {rows, cursor: hidden};
	}

	if (copying) {
		return {rows, cursor: copying.cursor.visible ? {x: layout.paneX + copying.cursor.x, y: copying.cursor.y, visible: true} : hidden};
	}

	if (pane && mode.type !== 'copy' && session?.status === 'running') {
		const {x, y, visible} = pane.cursor;
		if (x < width && y < height) {
			return {rows, cursor: {x: layout.paneX + x, y, visible}};
		}
	}

	return {rows, cursor: hidden};
}

/** `claude-tui: NAME — TITLE` for the user's terminal's title bar. */
export function windowTitle(session: SessionInfo | undefined): string {
	if (!session) {
		return 'claude-tui';
	}

	// A program's title is its own text: control characters would end the sequence or reach the terminal.
	const clean = (text: string) => text.replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, ' ').trim().slice(0, 200);
	const title = clean(session.title);
	return `claude-tui: ${clean(session.name)}${title === '' ? '' : ` — ${title}`}`;
}

export type OuterSettings = {
	/** The user's terminal answered kitty's keyboard protocol query. */
	speaksKitty: boolean;
	/** Set the terminal's title (`--title on`). */
	title: boolean;
	/** Take the mouse where the program has not (`mouse` in the config). */
	mouse: boolean;
};

/** The modes the user's terminal should be in: the shown program's, while its keys go to it. */
export function outerModesFor(state: ViewState, settings: OuterSettings): OuterModes {
	const {pane, mode, selected} = state;
	// A session with no program (exited, restorable) keeps the screen but not the modes its program asked for.
	const shown = pane && selected?.status === 'running' && mode.type === 'pane' && state.connection !== 'disconnected' ? pane : undefined;
	const wanted: OuterModes = {
		...(shown ? {...shown.modes, keyboard: outerKeyboard(programKeyboard(shown), settings.speaksKitty), cursorShape: shown.cursor.shape, cursorColor: shown.cursor.color} : plainModes),
		title: settings.title ? windowTitle(selected) : undefined,
	};
	// Where the program does not take the mouse, we do: the wheel and drags go to copy mode (tmux's mouse on).
	if (settings.mouse && wanted.mouse === 'none' && (mode.type === 'pane' || mode.type === 'copy') && pane) {
		return {...wanted, mouse: 'drag'};
	}

	return wanted;
}

/** The keyboard protocol the shown program asked its terminal for. */
export function programKeyboard(pane: PaneScreen): KeyboardMode {
	return {kitty: pane.modes.kittyKeyboard, modifyOtherKeys: pane.modes.modifyOtherKeys};
}

/**
A pane row as the compositor writes it: its cells, then the rest of the line erased (the pane is the rightmost
piece of the line). The row ends in the default style, so the erase leaves default cells, as the program's screen
has there. Not after a row that fills the pane: the cursor waits on the last column then, and the erase would take
that column's character with it.
*/
function eraseAfter(row: string, width: number): string {
	return textWidth(row) >= width ? row : row + '\u001B[K';
}

/** Exactly `height` rows of exactly `width` cells. */
function fit(lines: string[], height: number, width: number): string[] {
	const rows: string[] = [];
	for (let y = 0; y < height; y++) {
		const line = lines[y];
		rows.push(line === undefined ? ' '.repeat(width) : padAnsi(line, width));
	}

	return rows;
}
