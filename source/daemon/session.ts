// One session: a child on a PTY (node-pty) and the authoritative screen (@xterm/headless) it draws on.
import {EventEmitter} from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import type xterm from '@xterm/headless';
import serializeAddon from '@xterm/addon-serialize';
import * as pty from 'node-pty';
import type {ReportedState, SessionInfo, StateReason} from '../protocol.js';
import {type ClipboardWrite, watchClipboard} from '../terminal/clipboard.js';
import {createEmulator} from '../terminal/emulator.js';
import {screenAnsi} from '../terminal/rows.js';
import {defaultLook, type TerminalLook, TerminalReplies} from '../terminal/replies.js';
import {ScreenReader, type ScreenState} from '../terminal/screen.js';
import type {StateExplanation} from '../state/detector.js';
import type {ProfileCatalog} from '../state/rules.js';
import {foregroundProcessGroup} from '../agents/process.js';
import {SessionActivity} from '../state/session-activity.js';
import {cursorHidden, parserAtGround, serializeScreen} from '../xterm-internals.js';
import {readPtyOutput, unwrittenInputBytes} from './pty-drain.js';

// Pause the child once this much output waits for the parser (xterm's write() throws past 50 MB).
const pauseAbovePendingBytes = 4 * 1024 * 1024;
const resumeBelowPendingBytes = 512 * 1024;
// Agents animate their window title (Claude Code draws a spinner frame in it): clients hear of it at most this often.
const titleUpdateEveryMs = 1000;

export type SessionOptions = {
	id: string;
	name: string;
	command: string;
	args: string[];
	/** What the child is really started with, when it differs from `args` (Claude Code gets its hooks settings). */
	launchArgs?: string[];
	cwd: string;
	env: Record<string, string>;
	cols: number;
	rows: number;
	scrollback: number;
	/** The agent profiles state detection chooses from (the config file's and the built-in ones); default the built-in ones. */
	profiles?: ProfileCatalog;
	/** When the session was first created (a session brought back from its record keeps its date). */
	createdAt?: Date;
	/**
	Start without a process: a session brought back from its record after the daemon restarted, showing its last
	screen until `start()` runs its command again. Its status is `dormant` (by default "restorable").
	*/
	dormant?: 'restorable' | 'exited';
	/** What the user's terminal looks like (colours, cell size), for the program's queries; xterm's defaults otherwise. */
	look?: () => TerminalLook;
	/** Where the terminal's own complaints go (parsing errors), at most one line a minute. */
	log?: (message: string) => void;
	/** Where the program last worked, when known from before (a record's lastCwd). */
	lastCwd?: string | undefined;
	/** The window title the program last set, when known from before (a record's). */
	title?: string;
	/** When the session was last restored, when known from before (a record's). */
	restoredAt?: Date | undefined;
	/** How an `exited` dormant session's program ended, as its record says. */
	exit?: ExitStatus;
	/**
	How many clients are attached to the session now: asked of whoever keeps the connections (the daemon's
	Clients), so that the count is never kept twice. Default none.
	*/
	attachedClients?: () => number;
};

export type ExitStatus = {code: number | undefined; signal: string | undefined; at: Date | undefined};

export type StartOptions = Pick<SessionOptions, 'command' | 'args' | 'launchArgs' | 'cwd' | 'env'>;

type SessionEvents = {
	output: [data: string];
	/** Keys typed into the session by a client (not the terminal's own replies to the child's queries). */
	input: [data: string];
	resize: [cols: number, rows: number];
	exit: [];
	/** After `exit`, once the last of the child's output has been read (node-pty #72): nothing more will come. */
	ended: [];
	change: [];
	/** The parsed screen may have changed: output parsed, a resize, a restored screen. */
	screen: [];
	/** The program rang the bell (BEL). */
	bell: [];
	/** The program copied to the clipboard (OSC 52), for the clients showing it to pass on. */
	clipboard: [write: ClipboardWrite];
};

export class Session extends EventEmitter<SessionEvents> {
	readonly id: string;
	readonly createdAt: Date;
	// Everything below is the session's own: others read it through getters and change it through methods that say
	// what happened (rename, start, ...), so that every change is one the session knows of.
	private currentName: string;
	// What runs now; a restore may run different arguments (e.g. `claude --resume ID`).
	private program: {command: string; args: string[]; cwd: string};
	private exitStatus: ExitStatus = {code: undefined, signal: undefined, at: undefined};
	private windowTitle: string;
	private ringing = false;
	// Set while the session has no process because it was brought back from its record.
	private dormantStatus: 'restorable' | 'exited' | undefined;
	// Why output stopped being recorded (disk full, ...), shown to clients.
	private recordingProblem: string | undefined;
	private lastRestoredAt: Date | undefined;
	private readonly attachedClients: () => number;

	readonly terminal: xterm.Terminal;
	private readonly serializer = new serializeAddon.SerializeAddon();
	private child: pty.IPty | undefined;
	// Output handed to the terminal but not parsed yet: a snapshot is the parsed screen plus these.
	private readonly unparsed: string[] = [];
	private unparsedBytes = 0;
	private screenChanges = 0;
	private frameCache: {version: number; ansi: string} | undefined;
	private screenCache: {version: number; state: ScreenState} | undefined;
	private readonly replies: TerminalReplies;
	private readonly reader: ScreenReader;
	private paused = false;
	private activity: SessionActivity;
	private readonly profiles: ProfileCatalog | undefined;
	private titleTimer: NodeJS.Timeout | undefined;
	// Where the program works now, read from /proc at most once a second (info() is asked often), kept after it exits.
	private workingDirectory: {path: string | undefined; readAt: number};

	constructor(options: SessionOptions) {
		super();
		this.id = options.id;
		this.currentName = options.name;
		this.program = {command: options.command, args: options.args, cwd: options.cwd};
		this.createdAt = options.createdAt ?? new Date();
		this.windowTitle = options.title ?? '';
		this.lastRestoredAt = options.restoredAt;
		this.attachedClients = options.attachedClients ?? (() => 0);
		this.workingDirectory = {path: options.lastCwd, readAt: Number.NEGATIVE_INFINITY};
		this.terminal = createEmulator({
			cols: options.cols,
			rows: options.rows,
			scrollback: options.scrollback,
			log: options.log,
		});
		this.terminal.loadAddon(this.serializer);
		this.replies = new TerminalReplies(this.terminal, options.look ?? (() => defaultLook));
		this.reader = new ScreenReader(this.terminal, this.replies);
		watchClipboard(this.terminal, write => {
			this.emit('clipboard', write);
		});
		this.profiles = options.profiles;
		this.activity = this.newActivity(options.command);
		// This terminal is the one emulator that answers the child's queries (DA, DSR, ...).
		this.terminal.onData(reply => {
			if (this.running && reply !== '') {
				this.child?.write(reply);
			}
		});
		this.terminal.onTitleChange(title => {
			this.windowTitle = title;
			this.titleTimer ??= setTimeout(() => {
				this.titleTimer = undefined;
				this.emit('change');
			}, titleUpdateEveryMs).unref();
		});
		this.terminal.onBell(() => {
			this.emit('bell');
			if (!this.ringing) {
				this.ringing = true;
				this.emit('change');
			}
		});
		if (options.dormant) {
			this.dormantStatus = options.dormant;
			if (options.dormant === 'exited' && options.exit) {
				this.exitStatus = {...options.exit};
			}

			this.activity.exited(options.dormant === 'restorable' ? 'not running since the daemon stopped; restorable' : 'exited before the daemon stopped');
		} else {
			this.spawn(options);
		}
	}

	/**
	Runs a command in this session, which has none now (restore): the screen so far stays above its output. The one
	change event it emits tells clients of the new process and of when it was restored.
	*/
	start(options: StartOptions): void {
		if (this.running) {
			throw new Error(`session ${this.name} is running`);
		}

		this.spawn(options);
		// The detector's exited state is final: the new process gets a fresh one.
		this.activity.dispose();
		this.activity = this.newActivity(options.command);
		this.dormantStatus = undefined;
		this.lastRestoredAt = new Date();
		this.exitStatus = {code: undefined, signal: undefined, at: undefined};
		this.emit('change');
	}

	get name(): string {
		return this.currentName;
	}

	/** Takes another name (checked and made unique by the SessionManager); clients are told by whoever renamed it. */
	rename(name: string): void {
		this.currentName = name;
	}

	get command(): string {
		return this.program.command;
	}

	get args(): string[] {
		return this.program.args;
	}

	get cwd(): string {
		return this.program.cwd;
	}

	get exitCode(): number | undefined {
		return this.exitStatus.code;
	}

	/** The signal that ended the program (`SIGHUP`), if one did. */
	get signal(): string | undefined {
		return this.exitStatus.signal;
	}

	get exitedAt(): Date | undefined {
		return this.exitStatus.at;
	}

	/** The window title the program set last (OSC 0/2). */
	get title(): string {
		return this.windowTitle;
	}

	/** The program rang the bell since a client last attached. */
	get bell(): boolean {
		return this.ringing;
	}

	/** Set while the session has no process because it was brought back from its record. */
	get dormant(): 'restorable' | 'exited' | undefined {
		return this.dormantStatus;
	}

	get restoredAt(): Date | undefined {
		return this.lastRestoredAt;
	}

	/** Clients attached to the session now. */
	get clients(): number {
		return this.attachedClients();
	}

	/** Why output is not being recorded (disk full, ...), shown to clients; undefined while all is well. */
	get recordingError(): string | undefined {
		return this.recordingProblem;
	}

	/**
	The history says whether the session's output reaches the disk (a message why not, or undefined once it does
	again). Whether that changed what clients are shown; telling them is the caller's.
	*/
	reportRecordingProblem(message: string | undefined): boolean {
		if (this.recordingProblem === message) {
			return false;
		}

		this.recordingProblem = message;
		return true;
	}

	/** Shows text in the session as if the program had printed it (recorded and sent to clients, too). */
	print(text: string): void {
		this.receive(text);
	}

	/** Draws a screen saved earlier (a dormant session's last screen); not output, so neither recorded nor sent. */
	async restoreScreen(snapshot: string, cols: number, rows: number): Promise<void> {
		this.terminal.resize(cols, rows);
		await new Promise<void>(resolve => {
			this.terminal.write(snapshot, resolve);
		});
		this.screenChanges++;
		this.emit('screen');
		this.emit('change');
	}

	private newActivity(command: string): SessionActivity {
		return new SessionActivity({
			command,
			profiles: this.profiles,
			terminal: this.terminal,
			foreground: () => foregroundProcessGroup(this.pid),
			onChange: ({state}) => {
				// The exit is announced by the exit handler, with the exit code.
				if (state !== 'exited') {
					this.emit('change');
				}
			},
		});
	}

	private spawn(options: StartOptions): void {
		// Spawned before anything changes, so a command that cannot start leaves the session as it was.
		const child = pty.spawn(options.command, options.launchArgs ?? options.args, {
			name: 'xterm-256color',
			cols: this.cols,
			rows: this.rows,
			cwd: options.cwd,
			env: options.env,
		});
		this.child = child;
		this.program = {command: options.command, args: options.args, cwd: options.cwd};
		let exited = false;
		let drained = false;
		const ended = () => {
			if (exited && drained && child === this.child) {
				this.emit('ended');
			}
		};

		readPtyOutput(child, {
			onText: data => {
				if (child === this.child) {
					this.receive(data);
				}
			},
			onEnd: () => {
				drained = true;
				ended();
			},
		});
		child.onExit(({exitCode, signal}) => {
			if (child !== this.child) {
				return;
			}

			this.exitStatus = {code: signal ? undefined : exitCode, signal: signal ? signalName(signal) : undefined, at: new Date()};
			this.activity.exited(this.signal ? `killed by ${this.signal}` : `exit code ${exitCode}`);
			this.emit('exit');
			this.emit('change');
			exited = true;
			ended();
		});
	}

	get running(): boolean {
		return this.child !== undefined && this.exitStatus.at === undefined;
	}

	get status(): SessionInfo['status'] {
		return this.dormantStatus ?? (this.running ? 'running' : 'exited');
	}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	/**
	Where the session's program works now, which a shell changes with cd (Linux: /proc/PID/cwd, as tmux's
	pane_current_path); undefined while it does not run or where /proc does not say.
	*/
	currentCwd(): string | undefined {
		if (!this.running || this.pid === undefined) {
			return undefined;
		}

		try {
			return fs.readlinkSync(`/proc/${this.pid}/cwd`);
		} catch {
			return undefined;
		}
	}

	/** currentCwd(), at most a second old, and the last one read once the program has gone. */
	lastCwd(): string | undefined {
		const now = Date.now();
		if (this.running && now - this.workingDirectory.readAt > 1000) {
			this.workingDirectory = {path: this.currentCwd() ?? this.workingDirectory.path, readAt: now};
		}

		return this.workingDirectory.path;
	}

	get cols(): number {
		return this.terminal.cols;
	}

	get rows(): number {
		return this.terminal.rows;
	}

	/** Input sent to the child that it has not read yet (and the PTY could not hold). */
	get unreadInputBytes(): number {
		return this.child && this.running ? unwrittenInputBytes(this.child) : 0;
	}

	write(data: string): void {
		if (this.running) {
			this.child?.write(data);
			// xterm defers the first write of a burst to a timer (about 1 ms) unless the user just typed: this says so,
			// so the echo is parsed as it arrives. Public API (input with wasUserInput); the empty input goes nowhere.
			this.terminal.input('', true);
			this.activity.input(data);
			this.emit('input', data);
		}
	}

	/** The agent's own word on its state (a Claude Code hook, via `claude-tui report`). */
	report(state: ReportedState, detail?: string): void {
		this.activity.report(state, detail);
	}

	resize(cols: number, rows: number): void {
		if (cols === this.cols && rows === this.rows) {
			return;
		}

		this.terminal.resize(cols, rows);
		this.screenChanges++;
		if (this.running) {
			this.child?.resize(cols, rows);
			this.activity.resized();
		}

		this.emit('resize', cols, rows);
		this.emit('screen');
		this.emit('change');
	}

	kill(signal = 'SIGHUP'): void {
		if (this.running) {
			this.child?.kill(signal);
		}
	}

	clearBell(): void {
		if (this.ringing) {
			this.ringing = false;
			this.emit('change');
		}
	}

	/** ANSI that rebuilds this screen, `scrollback` lines of history, cursor and modes in a fresh terminal. */
	snapshot(scrollback: number): string {
		return this.parsedSnapshot(scrollback) + this.unparsed.join('');
	}

	/** Like snapshot(), but of the screen as parsed so far: it leaves out the output still waiting for the parser. */
	parsedSnapshot(scrollback: number): string {
		return serializeScreen(this.terminal, this.serializer, scrollback);
	}

	/**
	The parsed screen without scrollback: what a flooded client is sent each frame. Serialized once per change of
	the screen, however many clients are sent it.
	*/
	frame(): string {
		if (this.frameCache?.version !== this.screenVersion) {
			this.frameCache = {version: this.screenVersion, ansi: this.parsedSnapshot(0)};
		}

		return this.frameCache.ansi;
	}

	/**
	The parsed screen as rows, cursor and modes (what `session.screen` carries). Rendered once per change of the
	screen, however many clients are sent it.
	*/
	screen(): ScreenState {
		if (this.screenCache?.version !== this.screenVersion) {
			this.screenCache = {version: this.screenVersion, state: this.reader.read()};
		}

		return this.screenCache.state;
	}

	/** Rendered lines of the buffer (history, then the screen), `start` counted from the oldest line kept. */
	renderedLines(start: number, count: number): string[] {
		return this.reader.bufferLines(start, count);
	}

	/** Changes whenever the parsed screen may have changed: output parsed, a resize, a restored screen. */
	get screenVersion(): number {
		return this.screenChanges;
	}

	/** Output received but not parsed yet, in UTF-16 units. */
	get pendingBytes(): number {
		return this.unparsedBytes;
	}

	/** Everything received is parsed and the parser is not inside an escape sequence: frame() is exact. */
	get atRest(): boolean {
		return this.unparsed.length === 0 && parserAtGround(this.terminal);
	}

	cursor(): {x: number; y: number; visible: boolean} {
		const buffer = this.terminal.buffer.active;
		return {x: buffer.cursorX, y: buffer.cursorY, visible: !cursorHidden(this.terminal)};
	}

	/** Resolves once everything received so far has been parsed into the screen. */
	async settled(): Promise<void> {
		return new Promise(resolve => {
			this.terminal.write('', resolve);
		});
	}

	/** The screen (and up to `scrollback` lines above it) as plain text, one line per row, trailing blanks trimmed. */
	async captureText(scrollback = 0): Promise<string> {
		await this.settled();
		const buffer = this.terminal.buffer.active;
		const first = Math.max(0, buffer.baseY - scrollback);
		const lines: string[] = [];
		for (let y = first; y < buffer.baseY + this.rows; y++) {
			lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
		}

		while (lines.length > 0 && lines.at(-1) === '') {
			lines.pop();
		}

		return lines.join('\n');
	}

	/**
	The screen (and up to `scrollback` lines above it) with its colours and attributes as SGR, and nothing else: no
	cursor moves or mode changes that would change the terminal it is printed on (tmux's capture-pane -pe).
	*/
	async captureAnsi(scrollback = 0): Promise<string> {
		await this.settled();
		return screenAnsi(this.terminal, scrollback);
	}

	info(): SessionInfo {
		return {
			id: this.id,
			name: this.name,
			command: this.command,
			args: this.args,
			cwd: this.cwd,
			pid: this.running ? this.pid : undefined,
			status: this.status,
			exitCode: this.exitCode,
			signal: this.signal,
			cols: this.cols,
			rows: this.rows,
			title: this.title,
			bell: this.bell,
			createdAt: this.createdAt.toISOString(),
			exitedAt: this.exitedAt?.toISOString(),
			clients: this.clients,
			recordingError: this.recordingError,
			restoredAt: this.restoredAt?.toISOString(),
			currentCwd: this.lastCwd(),
			state: this.activity.state,
			stateReason: stateReason(this.activity.explanation),
		};
	}

	dispose(): void {
		this.kill('SIGKILL');
		clearTimeout(this.titleTimer);
		this.activity.dispose();
		this.replies.dispose();
		this.reader.dispose();
		this.terminal.dispose();
		this.removeAllListeners();
	}

	private receive(data: string): void {
		this.unparsed.push(data);
		this.unparsedBytes += data.length;
		this.terminal.write(data, () => {
			this.unparsed.shift();
			this.unparsedBytes -= data.length;
			this.screenChanges++;
			this.activity.parsed();
			this.emit('screen');
			if (this.paused && this.unparsedBytes < resumeBelowPendingBytes) {
				this.paused = false;
				this.child?.resume();
			}
		});
		if (!this.paused && this.child && this.unparsedBytes > pauseAbovePendingBytes) {
			this.paused = true;
			this.child.pause();
		}

		this.emit('output', data);
	}
}

function stateReason({signal, rule, detail, agent, agentName, agentFrom, since}: StateExplanation): StateReason {
	// Fields in the order a person reads them in `ls --json`; absent ones left out.
	return {signal, ...(rule === undefined ? {} : {rule}), ...(detail === undefined ? {} : {detail}), agent, agentName, agentFrom, since: new Date(since).toISOString()};
}

function signalName(signal: number): string {
	const entry = Object.entries(os.constants.signals).find(([, number]) => number === signal);
	return entry?.[0] ?? String(signal);
}
