// The one-line bar at the bottom, tmux style: session and mode on the left, a transient message in the middle,
// how to get help and the daemon connection on the right.
import React from 'react';
import {Text} from 'ink';
import {cell, textWidth, truncate} from './render.js';

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
};

const connectionLook: Record<Connection, {glyph: string; color: string}> = {
	connected: {glyph: '●', color: 'greenBright'},
	reconnecting: {glyph: '◌', color: 'yellowBright'},
	disconnected: {glyph: '✕', color: 'redBright'},
	embedded: {glyph: '◆', color: 'cyanBright'},
};

// Session names longer than this give way to the message.
const maxNameWidth = 24;

export function StatusBar({width, sessionName, prefix, connection, message = '', mode = ''}: StatusBarProps) {
	const look = connectionLook[connection];
	let name = sessionName === undefined ? ' claude-tui ' : ` [${truncate(sessionName, maxNameWidth)}] `;
	let modeText = mode === '' ? '' : ` ${mode} `;
	let help = ` ${prefix} ? help `;
	let state = ` ${look.glyph} ${connection} `;
	const messageWidth = textWidth(message);
	const room = () => width - textWidth(name) - textWidth(modeText) - textWidth(help) - textWidth(state) - 1;

	// When space runs out, give up the least useful parts first; the message matters while it is shown.
	if (room() < Math.min(messageWidth, 20)) {
		help = '';
	}

	if (room() < Math.min(messageWidth, 10)) {
		state = ` ${look.glyph} `;
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
			<Text color="white">{help}</Text>
			<Text color={look.color}>{state}</Text>
		</Text>
	);
}
