// The daemon's methods about itself and its listeners: ping, status, the user's terminal's looks, shutdown, and
// subscribing to the session list's changes.
import {errorCodes, RpcError, type DaemonStatus} from '../protocol.js';
import type {TerminalLook} from '../terminal/replies.js';
import type {Handlers, Params} from './params.js';
import type {SessionManager} from './session-manager.js';

export type DaemonMethodsOptions = {
	sessions: SessionManager;
	status: () => DaemonStatus;
	/** Stops the daemon (after the reply has gone out). */
	shutdown: (reason: string) => void;
};

type DaemonMethodName = 'daemon.ping' | 'daemon.status' | 'daemon.setTerminal' | 'daemon.shutdown' | 'events.subscribe' | 'events.unsubscribe';

export function daemonMethods({sessions, status, shutdown}: DaemonMethodsOptions): Pick<Handlers, DaemonMethodName> {
	return {
		'daemon.ping': () => ({pong: true}),
		'daemon.status': () => status(),
		'daemon.setTerminal': params => {
			sessions.useLook(terminalLook(params, sessions.terminalLook));
			return {ok: true};
		},
		'daemon.shutdown': () => {
			setImmediate(() => {
				shutdown('requested by a client');
			});
			return {ok: true};
		},
		'events.subscribe': (_params, connection) => {
			connection.subscribed = true;
			return {sessions: sessions.list()};
		},
		'events.unsubscribe': (_params, connection) => {
			connection.subscribed = false;
			return {ok: true};
		},
	};
}

// An X11 colour spec as xterm answers colour queries (rgb:rrrr/gggg/bbbb, 1-4 hex digits a channel).
const colourSpec = /^rgb:[\da-f]{1,4}\/[\da-f]{1,4}\/[\da-f]{1,4}$/i;

/** daemon.setTerminal's params over the look we have: each field checked, the ones not given kept. */
function terminalLook(params: Params, current: TerminalLook): TerminalLook {
	const colour = (key: 'foreground' | 'background' | 'cursor'): string => {
		const value = params.optionalString(key);
		if (value !== undefined && !colourSpec.test(value)) {
			throw new RpcError(errorCodes.invalidParams, `Invalid params: "${key}" must be a colour as rgb:rrrr/gggg/bbbb`);
		}

		return value ?? current[key];
	};

	const palette = {...current.palette};
	for (const [index, value] of Object.entries(params.optionalStringRecord('palette') ?? {})) {
		const number = Number(index);
		if (!Number.isInteger(number) || number < 0 || number > 255 || !colourSpec.test(value)) {
			throw new RpcError(errorCodes.invalidParams, `Invalid params: "palette" maps colour numbers 0-255 to rgb:rrrr/gggg/bbbb (${index})`);
		}

		palette[number] = value;
	}

	return {
		foreground: colour('foreground'),
		background: colour('background'),
		cursor: colour('cursor'),
		palette,
		cellWidth: params.optionalInteger('cellWidth', 1, 1000) ?? current.cellWidth,
		cellHeight: params.optionalInteger('cellHeight', 1, 1000) ?? current.cellHeight,
	};
}
