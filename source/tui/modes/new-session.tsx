// prefix c: a form for a new session (host, name, directory, command); Tab moves between fields and completes a
// directory, Enter asks the daemon, whose refusal is shown in the form without losing what was typed.
import process from 'node:process';
import React from 'react';
import {NewSessionPrompt} from '../chrome/prompts.js';
import {renderChrome} from '../chrome/render.js';
import {splitCommandLine} from '../command-line.js';
import type {TuiHost} from '../host.js';
import {nextHostChoice} from '../hosts.js';
import {editLine, lineEdit} from '../line-editor.js';
import {completeDirectory, expandHome} from '../path-complete.js';
import {isCancel, isEnter, type ModeBehavior, type ModeOf, type SessionField} from './mode.js';

type NewSession = ModeOf<'new'>;

const fieldOrder: SessionField[] = ['name', 'cwd', 'command'];

/** The empty form; with hosts it opens on the host row: where the session runs is the first question. */
export function newSessionForm(hostNames: readonly string[]): NewSession {
	return {type: 'new', fields: {name: lineEdit(), cwd: lineEdit(), command: lineEdit()}, focused: hostNames.length > 0 ? 'host' : 'name', host: undefined};
}

export const newSessionMode: ModeBehavior<NewSession> = {
	key(mode, key, host) {
		const order: Array<SessionField | 'host'> = host.hostNames.length > 0 ? ['host', ...fieldOrder] : fieldOrder;
		const index = order.indexOf(mode.focused);
		if (isCancel(key)) {
			host.setMode({type: 'pane'});
		} else if (isEnter(key)) {
			submit(mode, host);
		} else if (key.name === 'tab' && !key.shift && mode.focused === 'cwd' && mode.fields.cwd.text !== '') {
			// Tab completes a directory, as a shell does; with nothing more to complete it moves on.
			const typed = mode.fields.cwd.text;
			const {text, candidates} = completeDirectory(typed, process.cwd());
			// More than one match: as far as they agree, and their names below (in the error line's place).
			const shown = candidates.length > 1 ? candidates.join('  ') : undefined;
			if (text !== typed || shown !== undefined) {
				host.setMode({...mode, fields: {...mode.fields, cwd: lineEdit(text)}, error: shown});
			} else {
				host.setMode({...mode, focused: 'command', error: undefined});
			}
		} else if (key.name === 'tab' || key.name === 'down') {
			host.setMode({...mode, focused: order[(index + (key.shift ? order.length - 1 : 1)) % order.length]!});
		} else if (key.name === 'up') {
			host.setMode({...mode, focused: order[(index + order.length - 1) % order.length]!});
		} else if (mode.focused === 'host') {
			if (key.name === 'left' || key.name === 'right' || key.name === ' ') {
				host.setMode({...mode, host: nextHostChoice(mode.host, host.hostNames, key.name === 'left' ? -1 : 1), error: undefined});
			}
		} else {
			const line = editLine(mode.fields[mode.focused], key);
			if (line) {
				host.setMode({...mode, fields: {...mode.fields, [mode.focused]: line}, error: undefined});
			}
		}
	},
	overlay: (mode, width, host) => renderChrome(
		<NewSessionPrompt
			width={width}
			fields={{name: mode.fields.name.text, cwd: mode.fields.cwd.text, command: mode.fields.command.text}}
			cursors={{name: mode.fields.name.cursor, cwd: mode.fields.cwd.cursor, command: mode.fields.command.cursor}}
			placeholders={{name: 'automatic', cwd: mode.host === undefined ? process.cwd() : `home on ${mode.host}`, command: host.defaultCommand}}
			focusedField={mode.focused}
			hosts={{names: host.hostNames, chosen: mode.host}}
			error={mode.error}
		/>,
		width,
	),
};

function submit(mode: NewSession, host: TuiHost): void {
	let commandLine: string[];
	try {
		commandLine = splitCommandLine(mode.fields.command.text);
	} catch (error) {
		host.setMode({...mode, focused: 'command', error: (error as Error).message});
		return;
	}

	const [command, ...args] = commandLine;
	const cwd = mode.fields.cwd.text.trim();
	// `~` is this machine's home only for a session here; on a host its daemon's default (the home there) applies.
	host.createSession({name: mode.fields.name.text.trim() || undefined, cwd: cwd === '' ? undefined : (mode.host === undefined ? expandHome(cwd) : cwd), command, args, host: mode.host}, error => {
		host.setMode({...mode, error});
	});
}
