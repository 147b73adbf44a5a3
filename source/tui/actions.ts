// The prefix key table's actions (bindings.ts says which key leads to which), carried out through the controller's
// host: the prompt's commands that are a key's action come here too.
import {nextWaiting} from './attention.js';
import type {Action} from './bindings.js';
import type {TuiHost} from './host.js';
import type {Key} from './keys.js';
import {lineEdit} from './line-editor.js';
import {confirmKill} from './modes/confirm.js';
import {newSessionForm} from './modes/new-session.js';

const actions: Record<Action, (host: TuiHost, key: Key | undefined) => void> = {
	previous(host) {
		host.selectRelative(-1);
	},
	next(host) {
		host.selectRelative(1);
	},
	last(host) {
		const {lastId} = host.store;
		if (lastId) {
			host.select(lastId);
		} else {
			host.flash('No last session yet: it is the one shown before this one');
		}
	},
	'select-index'(host, key) {
		host.select(host.store.at(Number(key?.name) - 1));
	},
	'next-waiting'(host) {
		const waiting = nextWaiting(host.store.sessions, host.store.selectedId);
		if (waiting) {
			host.select(waiting);
		} else {
			host.flash(host.store.selectedInfo?.state === 'waiting' ? 'No other session is waiting' : 'No session is waiting for you');
		}
	},
	new(host) {
		host.setMode(newSessionForm(host.hostNames));
	},
	kill(host) {
		confirmKill(host);
	},
	rename(host) {
		const session = host.store.selectedInfo;
		if (session) {
			host.setMode({type: 'rename', sessionId: session.id, line: lineEdit(session.name)});
		}
	},
	'command-prompt'(host) {
		host.setMode({type: 'prompt', line: lineEdit()});
	},
	'focus-sidebar'(host) {
		host.setMode({type: 'sidebar', returnTo: host.store.selectedId});
	},
	'toggle-sidebar'(host) {
		host.toggleSidebar();
	},
	'copy-mode'(host) {
		host.openCopyMode();
	},
	paste: pasteBuffer,
	help(host) {
		host.setMode({type: 'help'});
	},
	detach(host) {
		host.detach();
	},
};

export function perform(action: Action, host: TuiHost, key?: Key): void {
	actions[action](host, key);
}

/** prefix ]: the paste buffer typed into the session (by the daemon, in order with the keys around it). */
function pasteBuffer(host: TuiHost): void {
	const session = host.store.selectedInfo;
	if (!session || session.status !== 'running') {
		return;
	}

	host.client.request('buffer.paste', {session: session.id}).then(
		({pasted}) => {
			if (pasted === 0) {
				host.flash('The paste buffer is empty: copy something in copy mode first');
			}
		},
		(error: Error) => {
			host.flash(error.message);
		},
	);
}
