// The wire protocol: JSON-RPC 2.0, one JSON object per line, UTF-8, over a Unix socket.
import type {AgentState, ReportedState, StateSignal} from './state/detector.js';

export type {AgentState, ReportedState, StateSignal} from './state/detector.js';

export const maxLineBytes = 1024 * 1024;

export const errorCodes = {
	parseError: -32_700,
	invalidRequest: -32_600,
	methodNotFound: -32_601,
	invalidParams: -32_602,
	internalError: -32_603,
	// The project's own codes.
	sessionNotFound: -32_001,
	nameTaken: -32_002,
	sessionExited: -32_003,
	spawnFailed: -32_004,
	readOnly: -32_005,
	ambiguousSession: -32_006,
	shuttingDown: -32_007,
	// session.restore on a session that is running.
	sessionRunning: -32_008,
	// session.input to a program that has not read the 4 MB of input it was sent already.
	inputBacklog: -32_009,
} as const;

export class RpcError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly data?: unknown,
	) {
		super(message);
	}
}

export type JsonRpcId = string | number;

export type JsonRpcRequest = {
	jsonrpc: '2.0';
	id?: JsonRpcId | null;
	method: string;
	params?: unknown;
};

export type JsonRpcResponse =
	| {jsonrpc: '2.0'; id: JsonRpcId | null; result: unknown}
	| {jsonrpc: '2.0'; id: JsonRpcId | null; error: {code: number; message: string; data?: unknown}};

/** `restorable`: the session ran when its daemon last stopped (or crashed); `session.restore` runs it again. */
export type SessionStatus = 'running' | 'exited' | 'restorable';

export type SessionInfo = {
	id: string;
	name: string;
	command: string;
	args: string[];
	cwd: string;
	pid: number | undefined;
	status: SessionStatus;
	exitCode: number | undefined;
	signal: string | undefined;
	cols: number;
	rows: number;
	title: string;
	bell: boolean;
	createdAt: string;
	exitedAt: string | undefined;
	clients: number;
	/** Why this session's output is no longer being recorded to disk (disk full, ...); absent while all is well. */
	recordingError?: string | undefined;
	/** When the session was last restored. */
	restoredAt?: string | undefined;
	/** Where the program works now (a shell that cd'd elsewhere), as far as the daemon knows; `cwd` is where it started. */
	currentCwd?: string | undefined;
	/** What the program is doing: starting, busy, waiting (for the user), idle, exited. */
	state: AgentState;
	/** What decided `state`, for `claude-tui explain`. */
	stateReason: StateReason;
};

export type StateReason = {
	/** The kind of evidence: a screen rule, the bell, the title, a notification, a hook report, stillness, the exit. */
	signal: StateSignal;
	/** The screen rule's id (`claude.permission`), when a rule decided. */
	rule?: string;
	/** The question asked, the notification's text, the hook event, the exit status. */
	detail?: string;
	/** Whose rules applied: claude, codex, gemini, aider, shell, generic, or a profile from the config file. */
	agent: string;
	/** That profile's name (`Claude Code`); absent from daemons older than the config file's profiles. */
	agentName?: string;
	/** Whether the session's command chose those rules, or an agent recognised on screen. */
	agentFrom?: 'command' | 'screen';
	/** When the session entered this state (ISO 8601). */
	since: string;
};

export type ReportParams = {
	session: string;
	state: ReportedState;
	/** What happened, e.g. the hook event (`Stop`); shown by `claude-tui explain`. */
	detail?: string;
};

export type CreateParams = {
	name?: string;
	command?: string;
	args?: string[];
	cwd?: string;
	env?: Record<string, string>;
	cols?: number;
	rows?: number;
	/** Record what is typed into the session too (asciicast "i" events); default: the config file's `recordInput`. */
	recordInput?: boolean;
};

export type AttachParams = {
	session: string;
	cols?: number;
	rows?: number;
	readOnly?: boolean;
	scrollback?: number;
	/**
	Default true: during a flood the daemon sends screens (`session.snapshot`, at most ~30 a second) instead of the
	raw output, and the raw stream again once it calms. False: every byte, unless the client falls behind.
	*/
	frames?: boolean;
};

export type AttachResult = {
	session: SessionInfo;
	// ANSI that rebuilds the screen, recent scrollback, cursor and modes in a fresh terminal of cols x rows.
	snapshot: string;
	cols: number;
	rows: number;
	cursor: {x: number; y: number; visible: boolean};
};

/** `session.attach` with `screen: true`: the screen as rows, and `session.screen` updates after it. */
export type ScreenAttachResult = {
	session: SessionInfo;
	screen: ScreenUpdate;
};

export type MouseTracking = 'none' | 'x10' | 'vt200' | 'drag' | 'any';

/** The input modes a program asked its terminal for, which the user's terminal must mirror while it is shown. */
export type ScreenModes = {
	applicationCursorKeys: boolean;
	applicationKeypad: boolean;
	bracketedPaste: boolean;
	focusEvents: boolean;
	mouse: MouseTracking;
	/** How mouse reports are encoded: X10 bytes, SGR (1006) or SGR with pixels (1016). */
	mouseEncoding: 'default' | 'sgr' | 'sgr-pixels';
	alternateScreen: boolean;
	/** Kitty keyboard protocol flags in effect (0: legacy keys); see https://sw.kovidgoyal.net/kitty/keyboard-protocol/. */
	kittyKeyboard: number;
	/** xterm's modifyOtherKeys level (0, 1 or 2). */
	modifyOtherKeys: number;
};

export type ScreenCursor = {
	x: number;
	y: number;
	visible: boolean;
	/** DECSCUSR as the program last set it: 0 the terminal's default, 1/2 block, 3/4 underline, 5/6 bar (odd: blinking). */
	shape: number;
	/** The cursor colour the program set (OSC 12), as an X11 colour spec; absent: the terminal's own. */
	color?: string;
};

/**
The screen of a session as rows a terminal can draw: each row holds characters with SGR and OSC 8 sequences only,
starts from default attributes, ends with them, and stops at its last non-blank cell (the rest of the row is blank).
Widths follow Unicode 11 (unicode.ts). `lines` holds the rows that changed since the update before (all of them
when `full`), as [row index, row] pairs.
*/
export type ScreenUpdate = {
	session: string;
	cols: number;
	rows: number;
	full: boolean;
	lines: Array<[number, string]>;
	cursor: ScreenCursor;
	/** Present in a full update and whenever they changed. */
	modes?: ScreenModes;
	/** The program rang the bell since the update before. */
	bell?: true;
};

/** A program copied to the clipboard (OSC 52): for the client to set the user's. `data` is base64. */
export type ClipboardNotification = {session: string; selection: string; data: string};

export type RowsParams = {session: string; start?: number; count?: number};

/**
Rendered lines of a session's buffer (history and screen), as in ScreenUpdate; line 0 is the oldest kept. `wrapped`
lists the rows (counted from `start`) that continue the row above: one long line the terminal wrapped.
*/
export type RowsResult = {rows: string[]; start: number; total: number; screenTop: number; cols: number; wrapped?: number[]};

/**
`session.history`: the history on disk older than the buffer's oldest line, as plain rows of `cols` cells (row 0 the
oldest). `version` names this rendering: pass it back to page through the same one.
*/
export type HistoryRowsResult = {version: string; rows: string[]; wrapped: number[]; start: number; total: number; cols: number; truncated: boolean};

/** `session.search`: the first match from the place given, or where to go on looking (`next`), or neither: none. */
export type SearchResult = {
	match: {start: {row: number; col: number}; end: {row: number; col: number}} | null;
	next: {row: number; col: number} | null;
};

export type CaptureParams = {
	session: string;
	format?: 'text' | 'ansi';
	scrollback?: number;
};

export type DaemonStatus = {
	version: string;
	pid: number;
	uptime: number;
	socket: string;
	sessions: number;
	running: number;
	clients: number;
	/** Session records in the state directory that could not be read (skipped). */
	recordProblems?: Array<{id: string; file: string; message: string}>;
};

// Notifications the daemon sends.
export type OutputNotification = {session: string; data: string};
// Sent instead of raw output: the screen (no scrollback) while the session floods, and once a slow client has caught
// up. The mirror starts over from each. `final`: exactly the daemon's screen, and `session.output` resumes after it.
export type SnapshotNotification = {session: string; snapshot: string; cols: number; rows: number; final: boolean};
export type SessionEvent = {session: SessionInfo};

type Ok = {ok: true};
type SessionParam = {session: string};

/**
Every method the daemon answers, with what it takes and what it answers: the one map the daemon's handlers and every
client are checked against. Params are checked at run time too (daemon/params.ts): a client may send anything.
*/
export type Methods = {
	'daemon.ping': {params: undefined; result: {pong: true}};
	'daemon.status': {params: undefined; result: DaemonStatus};
	'daemon.shutdown': {params: undefined; result: Ok};
	'daemon.setTerminal': {params: {foreground?: string; background?: string; cursor?: string; palette?: Record<string, string>; cellWidth?: number; cellHeight?: number}; result: Ok};
	'events.subscribe': {params: undefined; result: {sessions: SessionInfo[]}};
	'events.unsubscribe': {params: undefined; result: Ok};
	'session.create': {params: CreateParams; result: SessionInfo};
	'session.list': {params: undefined; result: {sessions: SessionInfo[]}};
	'session.get': {params: SessionParam; result: SessionInfo};
	/** The raw stream and its frames; with `screen: true`, rendered screens (ScreenAttachResult, `session.screen`). */
	'session.attach': {params: AttachParams & {screen?: boolean}; result: AttachResult | ScreenAttachResult};
	'session.detach': {params: SessionParam; result: Ok};
	'session.input': {params: SessionParam & {data: string}; result: Ok};
	'session.resize': {params: SessionParam & {cols?: number; rows?: number}; result: SessionInfo};
	'session.kill': {params: SessionParam & {signal?: string}; result: SessionInfo};
	'session.rename': {params: SessionParam & {name: string}; result: SessionInfo};
	'session.remove': {params: SessionParam; result: Ok};
	'session.restore': {params: SessionParam & {cols?: number; rows?: number}; result: SessionInfo};
	'session.report': {params: Omit<ReportParams, 'state'> & {state?: ReportedState; conversationId?: string}; result: SessionInfo};
	'session.capture': {params: CaptureParams; result: {text: string}};
	'session.rows': {params: RowsParams; result: RowsResult};
	'session.history': {params: SessionParam & {start?: number; count?: number; cols?: number; version?: string}; result: HistoryRowsResult};
	'session.search': {params: SessionParam & {query: string; row?: number; col?: number; backward?: boolean; caseSensitive?: boolean; cols?: number; version?: string}; result: SearchResult};
	'buffer.set': {params: {text: string}; result: Ok};
	'buffer.get': {params: undefined; result: {text: string}};
	'buffer.paste': {params: SessionParam; result: {pasted: number}};
};

export type MethodName = keyof Methods;
export type ParamsOf<M extends MethodName> = Methods[M]['params'];
export type ResultOf<M extends MethodName> = Methods[M]['result'];

/** Every notification the daemon sends, with what it carries. */
export type Notifications = {
	'session.added': SessionEvent;
	'session.updated': SessionEvent;
	'session.exited': SessionEvent;
	'session.removed': SessionEvent;
	'session.output': OutputNotification;
	'session.snapshot': SnapshotNotification;
	'session.screen': ScreenUpdate;
	'session.clipboard': ClipboardNotification;
	'daemon.shutdown': {reason: string};
};

export type NotificationName = keyof Notifications;

/** A notification as a listener gets it: the method, and its params, which the method's name decides. */
export type NotificationArgs = {[N in NotificationName]: [method: N, params: Notifications[N]]}[NotificationName];

/**
Splits a byte stream into lines without ever holding more than `limit` bytes of one line: a line past the
limit is reported once so the caller can close the connection. Each chunk is scanned once, for its own newlines:
a long line dribbled a few bytes at a time costs what it weighs, not its length again for every chunk.
*/
export class LineDecoder {
	private readonly decoder = new TextDecoder('utf-8');
	// The unfinished line, in the pieces it came in (joined once, when its newline arrives).
	private pieces: string[] = [];
	private pendingLength = 0;

	constructor(private readonly limit: number = maxLineBytes) {}

	/** Returns complete lines, or `undefined` when the current line has grown past the limit. */
	push(chunk: Uint8Array): string[] | undefined {
		const text = this.decoder.decode(chunk, {stream: true});
		const lines: string[] = [];
		let start = 0;
		for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
			// Measured in UTF-16 units rather than bytes: cheap, and never more than 3x off.
			if (this.pendingLength + newline - start > this.limit) {
				return undefined;
			}

			this.pieces.push(text.slice(start, newline));
			const line = this.pieces.join('');
			this.pieces = [];
			this.pendingLength = 0;
			if (line.trim() !== '') {
				lines.push(line);
			}

			start = newline + 1;
		}

		if (start < text.length) {
			this.pieces.push(text.slice(start));
			this.pendingLength += text.length - start;
			// Thousands of tiny pieces weigh more than the text: fold them now and then (once per 1,024 chunks).
			if (this.pieces.length > 1024) {
				this.pieces = [this.pieces.join('')];
			}
		}

		return this.pendingLength > this.limit ? undefined : lines;
	}
}
