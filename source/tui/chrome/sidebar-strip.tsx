// The sidebar when the terminal is too narrow for the full one: a strip of one row per session, its state glyph
// (the same as the full sidebar's), the selection marked, a `!` where a session wants the user. Exactly
// `width` x `height` cells.
import React from 'react';
import {Box, Text} from './ink.js';
import type {SessionInfo} from '../../protocol.js';
import {stateLook, type SidebarProps} from './sidebar.js';

export type SidebarStripProps = Omit<SidebarProps, 'home'>;

function glyphOf(info: SessionInfo): {glyph: string; color: string} {
	if (info.status === 'restorable') {
		return {glyph: '↻', color: 'yellow'};
	}

	if (info.status === 'exited') {
		return {glyph: '✕', color: info.signal || (info.exitCode ?? 0) !== 0 ? 'red' : 'gray'};
	}

	return stateLook[info.state as keyof typeof stateLook] ?? {glyph: '●', color: 'green'};
}

export function SidebarStrip({sessions, selectedId, focused, width, height, attention}: SidebarStripProps) {
	const rows = Math.max(0, height);
	const selected = Math.max(0, sessions.findIndex(session => session.id === selectedId));
	// The selected session stays in view: the strip scrolls by whole screens of sessions.
	const room = Math.max(1, rows - 1);
	const first = Math.floor(selected / room) * room;
	const lines: React.ReactNode[] = [
		<Text key="title" bold color={focused ? 'cyan' : undefined}>{String(sessions.length).slice(0, width - 1).padEnd(width - 1)}</Text>,
	];
	for (const [index, info] of sessions.slice(first, first + room).entries()) {
		const isSelected = first + index === selected && selectedId !== undefined;
		const look = glyphOf(info);
		lines.push(
			<Text key={info.id} backgroundColor={isSelected ? (focused ? 'blue' : 'gray') : undefined}>
				<Text color={focused ? 'cyanBright' : undefined}>{isSelected ? '▌' : ' '}</Text>
				<Text color={isSelected && look.color === 'gray' ? 'whiteBright' : look.color}>{look.glyph}</Text>
				<Text bold color="yellow">{attention.has(info.id) ? '!' : ' '}</Text>
			</Text>,
		);
	}

	while (lines.length < rows) {
		lines.push(<Text key={`blank-${lines.length}`}> </Text>);
	}

	return (
		<Box flexDirection="row" width={width} height={rows}>
			<Box flexDirection="column" width={width - 1} height={rows}>
				{lines.slice(0, rows)}
			</Box>
			<Box width={1} height={rows}>
				<Text color={focused ? 'cyan' : 'gray'}>{Array.from({length: rows}, () => '│').join('\n')}</Text>
			</Box>
		</Box>
	);
}
