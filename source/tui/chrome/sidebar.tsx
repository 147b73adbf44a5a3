// The session list on the left: exactly `width` x `height` cells, the selected entry always in view.
import React from 'react';
import {Box, Text} from './ink.js';
import type {HostedSession} from '../../hosts/names.js';
import type {AgentState, SessionInfo} from '../../protocol.js';
import type {HostStatus} from '../hosts.js';
import {shortenHome} from '../../format.js';
import {cell, truncate} from './render.js';

export type SidebarProps = {
	sessions: readonly SessionInfo[];
	selectedId?: string | undefined;
	/** The sidebar has the keyboard (prefix s): the highlight gets stronger. */
	focused: boolean;
	width: number;
	height: number;
	/** Sessions that rang the bell, started waiting or finished while not shown: they want the user. */
	attention: ReadonlySet<string>;
	/** Replaced by ~ in directories; the current user's home by default. */
	home?: string;
	/** The configured hosts and their links: sessions are grouped under this machine and each host. */
	hosts?: readonly HostStatus[] | undefined;
};

/** "exit 1", "SIGTERM" or "exited": how a session ended, short enough for the sidebar. */
export function exitStatus(info: Pick<SessionInfo, 'exitCode' | 'signal'>): string {
	if (info.signal) {
		return info.signal;
	}

	return info.exitCode === undefined ? 'exited' : `exit ${info.exitCode}`;
}

function failed(info: SessionInfo): boolean {
	return Boolean(info.signal) || (info.exitCode !== undefined && info.exitCode !== 0);
}

/**
How each state looks: a shape (readable without colour) and a colour. Waiting is the loud one: it is what the
user has to act on. Exited sessions are drawn apart (red when they failed).
*/
export const stateLook: Record<Exclude<AgentState, 'exited'>, {glyph: string; color: string; bold?: boolean}> = {
	starting: {glyph: '◌', color: 'gray'},
	busy: {glyph: '●', color: 'yellow'},
	waiting: {glyph: '◆', color: 'magentaBright', bold: true},
	idle: {glyph: '○', color: 'green'},
};

function runningLook(info: SessionInfo) {
	// A daemon older than state detection sends no state: plain "running".
	return stateLook[info.state as keyof typeof stateLook] ?? {glyph: '●', color: 'green'};
}

// Columns of an entry's first line: marker, index, space, glyph, space, name, attention mark, space.
const nameColumn = 5;
const trailing = 2;

type Entry = {info: SessionInfo; index: number};

/** The groups: undefined for this machine, then each host. With no hosts, one group and no headers. */
function groupsOf(hosts: readonly HostStatus[] | undefined): Array<HostStatus | undefined> {
	return hosts && hosts.length > 0 ? [undefined, ...hosts] : [undefined];
}

export function Sidebar({sessions, selectedId, focused, width, height, attention, home, hosts}: SidebarProps) {
	const inner = Math.max(0, width - 1);
	const rows = Math.max(0, height);
	const lines: React.ReactNode[] = [];
	lines.push(
		<Text key="title" wrap="truncate">
			<Text bold color={focused ? 'cyan' : undefined}>{truncate(' Sessions', inner)}</Text>
			<Text dimColor>{truncate(` ${sessions.length}`, Math.max(0, inner - 9))}</Text>
		</Text>,
	);

	const found = sessions.findIndex(session => session.id === selectedId);
	const selected = Math.max(0, found);
	const groups = groupsOf(hosts);
	// Headers only where they leave room for the entries: a cramped sidebar keeps the selected session in view.
	const grouped = groups.length > 1 && rows - 1 - groups.length >= 2;
	// Every group's header has its row, so the window of entries is the rest.
	const view = scrollWindow(sessions.length, selected, rows - 1 - (grouped ? groups.length : 0));
	const hostOf = (info: SessionInfo) => (info as HostedSession).host;
	const offline = new Set(groups.filter(group => group && group.state.kind !== 'connected').map(group => group!.name));
	if (sessions.length === 0 && rows > 1) {
		lines.push(<Text key="empty" dimColor>{truncate(' no sessions', inner)}</Text>);
	}

	if (view.above > 0) {
		lines.push(<More key="above" arrow="↑" count={view.above} width={inner} />);
	}

	for (const group of groups) {
		const members = sessions.map((info, index) => ({info, index})).filter(({info}) => hostOf(info) === group?.name);
		const shown = members.filter(({index}) => index >= view.start && index < view.start + view.count);
		// A group scrolled out of view takes its header with it; an empty one keeps its header.
		if (grouped && (shown.length > 0 || members.length === 0)) {
			lines.push(<GroupHeader key={`group-${group?.name ?? ''}`} status={group} width={inner} />);
		}

		for (const entry of shown) {
			const isSelected = entry.index === found;
			const props = {entry, selected: isSelected, focused, width: inner, attention: attention.has(entry.info.id), home, offline: offline.has(hostOf(entry.info) ?? '')};
			lines.push(<EntryTitle key={`${entry.info.id}-1`} {...props} />);
			if (view.twoLines) {
				lines.push(<EntryDetail key={`${entry.info.id}-2`} {...props} />);
			}
		}
	}

	if (view.below > 0) {
		lines.push(<More key="below" arrow="↓" count={view.below} width={inner} />);
	}

	// Blank lines keep the height exact, so the border runs to the bottom.
	while (lines.length < rows) {
		lines.push(<Text key={`blank-${lines.length}`}> </Text>);
	}

	return (
		<Box flexDirection="row" width={width} height={rows}>
			{/* Every line is already cut to fit: no overflow="hidden", whose clipping doubles the render time. */}
			<Box flexDirection="column" width={inner} height={rows}>
				{lines.slice(0, rows)}
			</Box>
			{width > 0 && (
				<Box width={1} height={rows}>
					<Text color={focused ? 'cyan' : 'gray'}>{Array.from({length: rows}, () => '│').join('\n')}</Text>
				</Box>
			)}
		</Box>
	);
}

type EntryProps = {entry: Entry; selected: boolean; focused: boolean; width: number; attention: boolean; home: string | undefined; offline: boolean};

const linkLook: Record<HostStatus['state']['kind'], {glyph: string; color: string; word: string}> = {
	connected: {glyph: '●', color: 'green', word: 'connected'},
	connecting: {glyph: '◌', color: 'yellow', word: 'connecting'},
	disconnected: {glyph: '✕', color: 'red', word: 'disconnected'},
};

/** A group's first row: the host's name and its link's state (this machine's group is just "local"). */
function GroupHeader({status, width}: {status: HostStatus | undefined; width: number}) {
	if (!status) {
		return <Text dimColor bold>{cell(' local', width)}</Text>;
	}

	const look = linkLook[status.state.kind];
	const name = truncate(` ${status.name}`, Math.max(0, width - look.word.length - 3));
	return (
		<Text wrap="truncate">
			<Text bold>{name}</Text>
			<Text color={look.color}>{cell(` ${look.glyph} ${look.word}`, width - name.length)}</Text>
		</Text>
	);
}

/** The name within its group: the host's sessions are listed under it, without it in front. */
function shownName(info: SessionInfo): string {
	const {host} = info as HostedSession;
	return host !== undefined && info.name.startsWith(`${host}:`) ? info.name.slice(host.length + 1) : info.name;
}

// Selected rows get a background across the whole width; a marker keeps the selection visible without colour.
function highlight(selected: boolean, focused: boolean) {
	if (!selected) {
		return {};
	}

	return focused ? {backgroundColor: 'blue', color: 'whiteBright'} : {backgroundColor: 'gray', color: 'whiteBright'};
}

function Marker({selected, focused}: {selected: boolean; focused: boolean}) {
	return <Text color={focused ? 'cyanBright' : undefined}>{selected ? '▌' : ' '}</Text>;
}

function EntryTitle({entry: {info, index}, selected, focused, width, attention, offline}: EntryProps) {
	const running = info.status === 'running';
	const nameWidth = Math.max(0, width - nameColumn - trailing);
	const restorable = info.status === 'restorable';
	// A host that is away: its sessions are listed as last heard, without a state we could vouch for.
	const look = offline ? {glyph: '?', color: 'gray', bold: false} : running ? runningLook(info) : undefined;
	let glyphColor = look?.color ?? (restorable ? 'yellow' : 'gray');
	if (!running && !restorable) {
		// A clean exit is grey, but grey vanishes on the grey selection bar.
		glyphColor = failed(info) ? 'red' : selected ? 'whiteBright' : 'gray';
	} else if (selected && glyphColor === 'gray') {
		glyphColor = 'whiteBright';
	}

	return (
		<Text wrap="truncate" {...highlight(selected, focused)}>
			<Marker selected={selected} focused={focused} />
			<Text dimColor={!selected}>{index < 9 ? String(index + 1) : ' '}</Text>
			{' '}
			<Text color={selected && glyphColor === 'red' ? 'redBright' : glyphColor} bold={look?.bold}>{look?.glyph ?? (restorable ? '↻' : '✕')}</Text>
			{' '}
			<Text bold={selected} dimColor={(!running || offline) && !selected}>{cell(shownName(info), nameWidth)}</Text>
			<Text bold color="yellow">{attention ? '!' : ' '}</Text>
			{' '}
		</Text>
	);
}

function EntryDetail({entry: {info}, selected, focused, width, home}: EntryProps) {
	const room = Math.max(0, width - nameColumn - 1);
	// The glyph tells the states apart; the word is spelled out only for the ones that want the user, the
	// directory needs the room otherwise.
	const look = info.status === 'running' && info.state === 'waiting' ? runningLook(info) : undefined;
	const status = info.status === 'exited' ? exitStatus(info) : info.status === 'restorable' ? 'restorable' : look ? 'waiting' : '';
	const separator = status === '' ? '' : ' · ';
	// The program's window title when it set one (vim's file, a shell's prompt title), else the directory it works in
	// now (a shell that cd'd) or started in, which loses its start, not its end: the last components tell projects apart.
	const title = info.title.replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, ' ').trim();
	const where = title === ''
		? truncate(shortenHome(info.currentCwd ?? info.cwd, home), Math.max(0, room - status.length - separator.length), 'start')
		: title;
	const text = truncate(status + separator + where, room);
	const statusText = text.slice(0, Math.min(status.length, text.length));
	const rest = text.slice(statusText.length);
	return (
		<Text wrap="truncate" {...highlight(selected, focused)}>
			<Marker selected={selected} focused={focused} />
			{'    '}
			{look ? (
				<Text color={look.color === 'gray' && selected ? undefined : look.color} bold={look.bold} dimColor={look.color === 'gray' && !selected}>
					{statusText}
				</Text>
			) : (
				<Text color={failed(info) ? (selected ? 'redBright' : 'red') : undefined} dimColor={!selected && !failed(info)}>
					{statusText}
				</Text>
			)}
			<Text dimColor={!selected}>{cell(rest, room - statusText.length)}</Text>
			{' '}
		</Text>
	);
}

function More({arrow, count, width}: {arrow: string; count: number; width: number}) {
	return <Text dimColor>{cell(`  ${arrow} ${count} more`, width)}</Text>;
}

export type ScrollWindow = {start: number; count: number; above: number; below: number; twoLines: boolean};

/**
Which entries fit in `lines` rows with the selected one among them. The window starts as high as it can, so the
entries numbered 1-9 stay in view as long as possible; "n more" lines take a row each when needed.
*/
export function scrollWindow(total: number, selected: number, lines: number): ScrollWindow {
	const empty = {start: 0, count: 0, above: 0, below: 0, twoLines: true};
	if (total === 0 || lines <= 0) {
		return empty;
	}

	if (total * 2 <= lines) {
		return {start: 0, count: total, above: 0, below: 0, twoLines: true};
	}

	// Too short for two-line entries plus the "more" lines: show the selected name alone.
	if (lines < 4) {
		return {start: selected, count: 1, above: 0, below: 0, twoLines: false};
	}

	for (let start = 0; start <= selected; start++) {
		const room = lines - (start > 0 ? 1 : 0);
		let count = Math.floor(room / 2);
		if (start + count < total) {
			count = Math.floor((room - 1) / 2);
		}

		count = Math.min(count, total - start);
		if (selected < start + count) {
			return {start, count, above: start, below: total - start - count, twoLines: true};
		}
	}

	return {start: selected, count: 1, above: selected, below: total - selected - 1, twoLines: true};
}
