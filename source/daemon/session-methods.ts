// The daemon's methods on sessions themselves: create, list, get, kill, rename, remove, restore, report, and reading
// a screen (rows, capture). Each checks its params (params.ts, limits.ts) and leaves the rest to the SessionManager.
import {errorCodes, RpcError, type RowsResult} from '../protocol.js';
import {reportedStates} from '../state/report.js';
import {checkArea, checkName, dimension, normalizeSignal} from './limits.js';
import type {Handlers} from './params.js';
import type {Session} from './session.js';
import type {SessionManager} from './session-manager.js';

// session.rows answers at most this many lines at a time (about 2 MB of JSON at 200 columns).
const maxRowsPerRequest = 10_000;

type SessionMethodName = 'session.create' | 'session.list' | 'session.get' | 'session.kill' | 'session.rename' | 'session.remove' | 'session.restore' | 'session.report' | 'session.rows' | 'session.capture';

export function sessionMethods(sessions: SessionManager): Pick<Handlers, SessionMethodName> {
	// A session brought back from its record shows its last screen, once rebuilt from the recording.
	const withScreen = async (session: Session): Promise<Session> => {
		if (session.dormant) {
			await sessions.loadScreen(session);
		}

		return session;
	};

	return {
		'session.create': params => sessions.create({
			cwd: params.optionalPath('cwd'),
			env: params.optionalEnvironment('env'),
			recordInput: params.optionalBoolean('recordInput'),
			name: params.optionalString('name'),
			command: params.optionalPath('command'),
			args: params.optionalStringArray('args'),
			cols: dimension(params, 'cols'),
			rows: dimension(params, 'rows'),
		}).info(),
		'session.list': () => ({sessions: sessions.list()}),
		'session.get': params => sessions.resolve(params.string('session')).info(),
		'session.kill': params => {
			const session = sessions.resolve(params.string('session'));
			// SIGHUP, as tmux: an interactive shell ignores SIGTERM but leaves when its terminal hangs up.
			const signal = params.optionalString('signal') ?? 'SIGHUP';
			session.kill(normalizeSignal(signal));
			return session.info();
		},
		'session.rename': params => {
			const session = sessions.resolve(params.string('session'));
			sessions.rename(session, checkName(params.string('name')));
			return session.info();
		},
		'session.remove': async params => {
			await sessions.remove(sessions.resolve(params.string('session')));
			return {ok: true};
		},
		'session.restore': async params => {
			const session = sessions.resolve(params.string('session'));
			const cols = dimension(params, 'cols');
			const rows = dimension(params, 'rows');
			checkArea(cols, rows);
			await sessions.restore(session, {cols, rows});
			return session.info();
		},
		'session.report': params => {
			const session = sessions.resolve(params.string('session'));
			const state = params.optionalEnum('state', reportedStates);
			const conversationId = params.optionalString('conversationId');
			if (state === undefined && conversationId === undefined) {
				throw new RpcError(errorCodes.invalidParams, 'Invalid params: "state" is required (or "conversationId" alone)');
			}

			// Reports after the exit change nothing: the detector's exited state is final.
			if (state !== undefined) {
				session.report(state, params.optionalString('detail')?.slice(0, 200));
			}

			if (conversationId !== undefined) {
				sessions.conversationReported(session, conversationId.slice(0, 200));
			}

			return session.info();
		},
		'session.rows': async params => {
			const session = await withScreen(sessions.resolve(params.string('session')));
			await session.terminal.settled();
			const buffer = session.terminal.buffer.active;
			const start = params.optionalInteger('start', 0, Number.MAX_SAFE_INTEGER) ?? 0;
			const count = params.optionalInteger('count', 0, maxRowsPerRequest) ?? maxRowsPerRequest;
			const rows = session.terminal.renderedLines(start, count);
			const wrapped = rows.flatMap((_row, index) => (buffer.getLine(start + index)?.isWrapped ? [index] : []));
			const result: RowsResult = {rows, start, total: buffer.length, screenTop: buffer.baseY, cols: session.cols, wrapped};
			return result;
		},
		'session.capture': async params => {
			const session = await withScreen(sessions.resolve(params.string('session')));
			const format = params.optionalEnum('format', ['text', 'ansi'] as const) ?? 'text';
			const scrollback = params.optionalInteger('scrollback', 0, 1_000_000) ?? 0;
			const text = format === 'text' ? await session.terminal.captureText(scrollback) : await session.terminal.captureAnsi(scrollback);
			return {text};
		},
	};
}
