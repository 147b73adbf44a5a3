// Asking the daemon for a session: a new one (prefix c, the prompt's new-session) or a restored one (Enter on a
// restorable session), at the pane's size, and what follows its answer: the session listed, selected and said.
import process from 'node:process';
import type {SessionInfo} from '../protocol.js';
import type {NewSessionRequest, TuiHost} from './host.js';

export type SessionRequests = {
	host: TuiHost;
	/** The daemon's answer into the session list (before its event comes). */
	upsert: (info: SessionInfo) => void;
	/** The keys held while the session was on its way go to it, or (refused) where they were going. */
	created: () => void;
	notCreated: () => void;
};

export function createSession({host, upsert, created, notCreated}: SessionRequests, request: NewSessionRequest, onError?: (message: string) => void): void {
	const params = {
		name: request.name,
		// On a host, a directory of this machine means nothing: its daemon starts in its user's home.
		cwd: request.cwd ?? (request.host === undefined ? process.cwd() : undefined),
		host: request.host,
		command: request.command,
		args: request.command === undefined ? undefined : request.args,
		cols: host.layout.paneColumns,
		rows: host.layout.paneRows,
	};
	host.client.request('session.create', params).then(
		session => {
			if (host.mode.type === 'new') {
				host.setMode({type: 'pane'});
			}

			upsert(session);
			host.select(session.id);
			created();
		},
		(error: Error) => {
			notCreated();
			if (onError) {
				onError(error.message);
			} else {
				host.flash(error.message);
			}
		},
	);
}

export function restoreSession({host, upsert}: SessionRequests, session: SessionInfo): void {
	host.flash(`Restoring ${session.name}…`);
	host.client.request('session.restore', {session: session.id, cols: host.layout.paneColumns, rows: host.layout.paneRows}).then(
		info => {
			upsert(info);
			host.flash(`Restored ${info.name}`);
		},
		(error: Error) => {
			host.flash(error.message);
		},
	);
}
