// Whole-area notices: nothing to show yet, a terminal too small to lay out, a session that has ended.
import React from 'react';
import {Box, Text} from './ink.js';
import type {SessionInfo} from '../../protocol.js';
import {textWidth} from '../ansi-width.js';
import {cell, truncate} from './render.js';

export type NoSessionsProps = {width: number; height: number; defaultCommand: string; /** Like C-b. */ prefix: string};
export type TooSmallProps = {width: number; height: number; minWidth: number; minHeight: number};
export type SessionExitedProps = {
	width: number;
	info: SessionInfo;
	/** Like C-b; without it the banner says "prefix". */
	prefix?: string;
};

/** Lines centred in a `width` x `height` area, each cut to fit; lines past the height are dropped. */
function Centered({width, height, children}: {width: number; height: number; children: React.ReactNode}) {
	return (
		<Box width={Math.max(1, width)} height={Math.max(0, height)} flexDirection="column" alignItems="center" justifyContent="center" overflow="hidden">
			{children}
		</Box>
	);
}

export function NoSessions({width, height, defaultCommand, prefix}: NoSessionsProps) {
	const lines = [
		<Text key="title" bold>
			{truncate('No sessions', width)}
		</Text>,
		<Text key="gap"> </Text>,
		<Text key="enter" wrap="truncate">
			Press <Text bold color="cyan">Enter</Text> to start <Text bold>{truncate(defaultCommand, Math.max(1, width - 22))}</Text>
		</Text>,
		<Text key="new" dimColor wrap="truncate">
			{truncate(`${prefix} c for a new session with options`, width)}
		</Text>,
		<Text key="detach" dimColor wrap="truncate">
			{truncate(`${prefix} d to detach`, width)}
		</Text>,
	];
	return (
		<Centered width={width} height={height}>
			{lines.slice(0, Math.max(0, height))}
		</Centered>
	);
}

export function TooSmall({width, height, minWidth, minHeight}: TooSmallProps) {
	const now = `${width}x${height}`;
	const need = `${minWidth}x${minHeight}`;
	// The longest wording that fits; tiny terminals get the short forms rather than cut-off words.
	const wordings = [
		['Terminal too small', `${now}, need ${need}`],
		['Too small', `now ${now}`, `need ${need}`],
		['Too small', `need ${need}`],
		[`need ${need}`],
	];
	const lines = wordings.find(lines => lines.length <= height && lines.every(line => textWidth(line) <= width)) ?? wordings[0]!;
	return (
		<Centered width={width} height={height}>
			{lines.slice(0, Math.max(0, height)).map((line, index) => (
				<Text key={line} bold={index === 0} color={index === 0 ? 'yellow' : undefined} wrap="truncate">
					{truncate(line, width)}
				</Text>
			))}
		</Centered>
	);
}

/** How a session ended, as a sentence. */
export function exitSentence(info: Pick<SessionInfo, 'exitCode' | 'signal'>): string {
	if (info.signal) {
		return `Session killed by ${info.signal}`;
	}

	return info.exitCode === undefined ? 'Session exited' : `Session exited with code ${info.exitCode}`;
}

export function SessionExited({width, info, prefix = 'prefix'}: SessionExitedProps) {
	const failed = Boolean(info.signal) || (info.exitCode ?? 0) !== 0;
	const text = ` ${exitSentence(info)} — Enter restores it, ${prefix} x removes it`;
	return (
		<Text wrap="truncate" backgroundColor={failed ? 'red' : 'gray'} color="whiteBright" bold>
			{cell(text, width)}
		</Text>
	);
}

/** The banner of a session that ran when its daemon last stopped: how to bring it back. */
export function SessionRestorable({width, prefix = 'prefix'}: {width: number; prefix?: string}) {
	const text = ` Not running since the daemon stopped — Enter restores it, ${prefix} x removes it`;
	return (
		<Text wrap="truncate" backgroundColor="yellow" color="black" bold>
			{cell(text, width)}
		</Text>
	);
}

/** Over the pane of a session whose host is away: why, and that it comes back by itself. */
export function HostAway({width, host, reason}: {width: number; host: string; reason: string}) {
	const box = Math.max(1, Math.min(width, 64));
	return (
		<Box width={width} flexDirection="column" alignItems="center">
			<Box width={box} flexShrink={0} flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
				<Text bold color="yellow" wrap="truncate">{truncate(`${host} is disconnected`, Math.max(0, box - 4))}</Text>
				<Text> </Text>
				<Text>{reason}</Text>
				<Text> </Text>
				<Text dimColor wrap="truncate">{truncate('Reconnecting by itself; the session keeps running there.', Math.max(0, box - 4))}</Text>
			</Box>
		</Box>
	);
}
