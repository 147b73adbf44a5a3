// A yes/no question over the pane: y carries it out, any other key says no.
import React from 'react';
import type {SessionInfo} from '../../protocol.js';
import {ConfirmPrompt} from '../chrome/prompts.js';
import {shortenHome} from '../../format.js';
import {renderChrome} from '../chrome/render.js';
import type {TuiHost} from '../host.js';
import type {ModeBehavior, ModeOf} from './mode.js';

export const confirmMode: ModeBehavior<ModeOf<'confirm'>> = {
	key(mode, key, host) {
		host.setMode({type: 'pane'});
		if (key.name === 'y' || key.name === 'Y') {
			mode.onYes();
		}
	},
	swallowsRest: mode => mode.swallow === true,
	overlay: (mode, width) => renderChrome(<ConfirmPrompt width={width} message={mode.message} />, width),
};

/** Asks before running an exited or restorable session again: a stray key must not restart an agent. */
export function confirmRestore(session: SessionInfo, host: TuiHost): void {
	const command = [session.command, ...session.args].join(' ');
	host.setMode({
		type: 'confirm',
		message: `Restore "${session.name}"? It runs ${command.length > 60 ? command.slice(0, 59) + '…' : command} again in ${shortenHome(session.currentCwd ?? session.cwd)} (an agent resumes its conversation). (y/n)`,
		onYes() {
			host.restoreSession(session);
		},
		swallow: true,
	});
}

/** prefix x: the selected session goes, with its history, as tmux's kill-session (`claude-tui kill` keeps it listed). */
export function confirmKill(host: TuiHost): void {
	const session = host.store.selectedInfo;
	if (!session) {
		return;
	}

	const live = session.status !== 'exited' && session.status !== 'restorable';
	host.setMode({
		type: 'confirm',
		message: live ? `Kill session "${session.name}" and remove it with its history? (y/n)` : `Remove ${session.status} session "${session.name}" and its history? (y/n)`,
		onYes() {
			host.client.request('session.remove', {session: session.id}).catch((error: Error) => {
				host.flash(error.message);
			});
		},
	});
}
