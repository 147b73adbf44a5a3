// The one-line bar at the bottom, tmux style: session and mode on the left, a transient message in the middle,
// how to get help and the daemon connection on the right.
import React from 'react';
import {Text} from './ink.js';
import {textWidth} from '../ansi-width.js';
import {cell, truncate} from './render.js';

export type Connection = 'connected' | 'reconnecting' | 'disconnected' | 'embedded';

export type StatusBarProps = {
	width: number;
	sessionName?: string | undefined;
	/** The prefix as people write it, like C-b. */
	prefix: string;
	connection: Connection;
	/** A transient notice. */
	message?: string | undefined;
	/** What the keyboard does now, e.g. 'PREFIX', 'SIDEBAR', 'SCROLL 12/2000'. */
	mode?: string | undefined;
	/** How many sessions are in each state, e.g. "2 waiting · 1 busy"; zero counts are not shown. */
	counts?: StateCounts | undefined;
};

export type StateCounts = {waiting: number; busy: number; idle: number};

// Most important first: when room runs out, the last ones go.
const countLooks = [
	{state: 'waiting', color: 'magentaBright', bold: true},
	{state: 'busy', color: 'yellowBright', bold: false},
	{state: 'idle', color: 'greenBright', bold: false},
] as const;

const connectionLook: Record<Connection, {glyph: string; color: string}> = {
	connected: {glyph: '●', color: 'greenBright'},
	reconnecting: {glyph: '◌', color: 'yellowBright'},
	disconnected: {glyph: '✕', color: 'redBright'},
	embedded: {glyph: '◆', color: 'cyanBright'},
};

// Session names longer than this give way to the message.
const maxNameWidth = 24;

export function StatusBar({width, sessionName, prefix, connection, message = '', mode = '', counts}: StatusBarProps) {
	const look = connectionLook[connection];
	let name = sessionName === undefined ? ' claude-tui ' : ` [${truncate(sessionName, maxNameWidth)}] `;
	let modeText = mode === '' ? '' : ` ${mode} `;
	let help = ` ${prefix} ? help `;
	let state = ` ${look.glyph} ${connection} `;
	const messageWidth = textWidth(message);
	let shownCounts = countLooks.filter(({state}) => (counts?.[state] ?? 0) > 0).map(look => ({...look, text: ` ${counts![look.state]} ${look.state} `}));
	const countsWidth = () => shownCounts.reduce((sum, count) => sum + textWidth(count.text), 0);
	const room = () => width - textWidth(name) - textWidth(modeText) - countsWidth() - textWidth(help) - textWidth(state) - 1;

	// When space runs out, give up the least useful parts first; the message matters while it is shown.
	if (room() < Math.min(messageWidth, 20)) {
		help = '';
	}

	if (room() < Math.min(messageWidth, 10)) {
		state = ` ${look.glyph} `;
	}

	// Idle and busy counts give way to a message; the waiting count only when nothing else fits.
	while (shownCounts.length > 0 && (room() < 0 || (shownCounts.length > 1 && room() < Math.min(messageWidth, 20)))) {
		shownCounts = shownCounts.slice(0, -1);
	}

	if (room() < 0 && sessionName !== undefined) {
		name = ` [${truncate(sessionName, Math.max(1, textWidth(sessionName) + room()))}] `;
	}

	if (room() < 0) {
		modeText = truncate(modeText, Math.max(0, textWidth(modeText) + room()));
	}

	const middle = Math.max(0, room() + 1);
	const shown = middle > 0 ? cell(message === '' ? '' : ' ' + message, middle) : '';
	return (
		<Text wrap="truncate" backgroundColor="gray" color="whiteBright">
			<Text backgroundColor="green" color="black" bold>
				{name}
			</Text>
			{modeText !== '' && (
				<Text backgroundColor="yellow" color="black" bold>
					{modeText}
				</Text>
			)}
			{shown}
			{shownCounts.map(count => (
				<Text key={count.state} color={count.color} bold={count.bold}>
					{count.text}
				</Text>
			))}
			<Text color="white">{help}</Text>
			<Text color={look.color}>{state}</Text>
		</Text>
	);
}
