// The methods of a client attached to a session: attach (the session's screen now, then its output or its screens),
// detach, typing into it and resizing it. A session's size is its latest client's, as tmux's "latest": the client
// that attached, typed or resized last decides it.
import {performance} from 'node:perf_hooks';
import {errorCodes, RpcError, type AttachResult, type ScreenAttachResult} from '../protocol.js';
import type {Connection} from './connection.js';
import {AttachmentFeed, floodBytesPerFrame} from './feed.js';
import {checkArea, dimension} from './limits.js';
import type {Handlers, Params} from './params.js';
import {ScreenFeed} from './screen-feed.js';
import type {SessionManager} from './session-manager.js';

const defaultSnapshotScrollback = 200;
// Input a session's program has not read, past which more is refused (inputBacklog) rather than kept.
const maxUnreadInputBytes = 4 * 1024 * 1024;

export function attachMethods(sessions: SessionManager): Pick<Handlers, 'session.attach' | 'session.detach' | 'session.input' | 'session.resize'> {
	const attach = (params: Params, connection: Connection): AttachResult | ScreenAttachResult => {
		const session = sessions.resolve(params.string('session'));
		const readOnly = params.optionalBoolean('readOnly') ?? false;
		const cols = dimension(params, 'cols');
		const rows = dimension(params, 'rows');
		checkArea(cols, rows);
		const scrollback = params.optionalInteger('scrollback', 0, 100_000) ?? defaultSnapshotScrollback;
		const frames = params.optionalBoolean('frames') ?? true;
		const screen = params.optionalBoolean('screen') ?? false;
		const feed = screen ? new ScreenFeed(session.terminal, connection) : new AttachmentFeed(session.terminal, connection, frames);
		connection.attach(session.id, {readOnly, cols, rows, feed, activeAt: performance.now()});
		// "latest" sizing, as tmux: the client that attached last decides the size.
		if (!readOnly && cols !== undefined && rows !== undefined) {
			session.resize(cols, rows);
		}

		session.clearBell();
		sessions.clientsChanged(session);
		if (feed instanceof ScreenFeed) {
			// Rendered after the resize, so the client starts from the screen at its own size.
			return {session: session.info(), screen: feed.first()};
		}

		// Attached mid-flood: the parsed screen now, frames after it, rather than megabytes the parser has not
		// reached yet in the snapshot.
		const flooding = frames && session.terminal.pendingBytes > floodBytesPerFrame;
		if (flooding) {
			feed.startFrames();
		}

		return {
			session: session.info(),
			snapshot: flooding ? session.terminal.parsedSnapshot(scrollback) : session.terminal.snapshot(scrollback),
			cols: session.cols,
			rows: session.rows,
			cursor: session.terminal.cursor(),
		};
	};

	return {
		'session.attach': (params, connection) => {
			const session = sessions.resolve(params.string('session'));
			// A session brought back from its record shows its last screen, once rebuilt from the recording (now,
			// if the rebuilding in the background has not come to it yet).
			return session.dormant ? sessions.loadScreen(session).then(() => attach(params, connection)) : attach(params, connection);
		},
		'session.detach': (params, connection) => {
			const session = sessions.resolve(params.string('session'));
			if (connection.detach(session.id)) {
				sessions.clientLeft(session);
			}

			return {ok: true};
		},
		'session.input': (params, connection) => {
			const session = sessions.resolve(params.string('session'));
			const data = params.string('data');
			const attachment = connection.attachments.get(session.id);
			if (attachment?.readOnly) {
				throw new RpcError(errorCodes.readOnly, `Attached read-only to "${session.name}"`);
			}

			if (session.status === 'restorable') {
				throw new RpcError(errorCodes.sessionExited, `Session "${session.name}" is not running; restore it first (claude-tui restore ${session.name})`);
			}

			if (!session.running) {
				throw new RpcError(errorCodes.sessionExited, `Session "${session.name}" has exited`);
			}

			// A program that does not read its input would otherwise keep a paste of any size in the daemon's memory.
			if (session.unreadInputBytes > maxUnreadInputBytes) {
				throw new RpcError(errorCodes.inputBacklog, `Session "${session.name}" has not read the last ${Math.round(session.unreadInputBytes / 1024 / 1024)} MB of input sent to it; try again once it reads`);
			}

			// "latest" sizing: the client that typed last decides the size.
			if (attachment?.cols !== undefined && attachment.rows !== undefined) {
				attachment.activeAt = performance.now();
				session.resize(attachment.cols, attachment.rows);
			}

			session.write(data);
			return {ok: true};
		},
		'session.resize': (params, connection) => {
			const session = sessions.resolve(params.string('session'));
			const cols = dimension(params, 'cols') ?? session.cols;
			const rows = dimension(params, 'rows') ?? session.rows;
			checkArea(cols, rows);
			const attachment = connection.attachments.get(session.id);
			if (attachment?.readOnly) {
				throw new RpcError(errorCodes.readOnly, `Attached read-only to "${session.name}"`);
			}

			if (attachment) {
				// Remembered, or the client's next keystroke would put back the size it attached with ("latest").
				attachment.cols = cols;
				attachment.rows = rows;
				attachment.activeAt = performance.now();
			}

			session.resize(cols, rows);
			return session.info();
		},
	};
}
