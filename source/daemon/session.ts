// One session: a child on a PTY (node-pty), the authoritative terminal it draws on (session-terminal.ts), what it is
// doing (state/session-activity.ts), and what it is called and how it ended, which only it changes.
import {EventEmitter} from 'node:events';
import os from 'node:os';
import * as pty from 'node-pty';
import type {ReportedState, SessionInfo} from '../protocol.js';
import {type ClipboardWrite, watchClipboard} from '../terminal/clipboard.js';
import type {TerminalLook} from '../terminal/replies.js';
import type {ProfileCatalog} from '../state/rules.js';
import {foregroundProcessGroup} from '../agents/process.js';
import {SessionActivity} from '../state/session-activity.js';
import {readPtyOutput, unwrittenInputBytes} from './pty-drain.js';
import {SessionTerminal} from './session-terminal.js';
import {WorkingDirectory, workingDirectoryOf} from './working-directory.js';

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

	/** The session's terminal: its screen, snapshots and text for clients. */
	readonly terminal: SessionTerminal;
	private child: pty.IPty | undefined;
	private paused = false;
	private activity: SessionActivity;
	private readonly profiles: ProfileCatalog | undefined;
	private titleTimer: NodeJS.Timeout | undefined;
	// Where the program works now, read from /proc at most once a second (info() is asked often), kept after it exits.
	private readonly workingDirectory: WorkingDirectory;

	constructor(options: SessionOptions) {
		super();
		this.id = options.id;
		this.currentName = options.name;
		this.program = {command: options.command, args: options.args, cwd: options.cwd};
		this.createdAt = options.createdAt ?? new Date();
		this.windowTitle = options.title ?? '';
		this.lastRestoredAt = options.restoredAt;
		this.attachedClients = options.attachedClients ?? (() => 0);
		this.workingDirectory = new WorkingDirectory(options.lastCwd);
		this.terminal = new SessionTerminal(options);
		const {emulator} = this.terminal;
		watchClipboard(emulator, write => {
			this.emit('clipboard', write);
		});
		this.profiles = options.profiles;
		this.activity = this.newActivity(options.command);
		// This terminal is the one emulator that answers the child's queries (DA, DSR, ...).
		emulator.onData(reply => {
			if (this.running && reply !== '') {
				this.child?.write(reply);
			}
		});
		emulator.onTitleChange(title => {
			this.windowTitle = title;
			this.titleTimer ??= setTimeout(() => {
				this.titleTimer = undefined;
				this.emit('change');
			}, titleUpdateEveryMs).unref();
		});
		emulator.onBell(() => {
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
		await this.terminal.restore(snapshot, cols, rows);
		this.emit('screen');
		this.emit('change');
	}

	private newActivity(command: string): SessionActivity {
		return new SessionActivity({
			command,
			profiles: this.profiles,
			terminal: this.terminal.emulator,
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

	/** Where the session's program works now (see working-directory.ts); undefined while it does not run. */
	currentCwd(): string | undefined {
		return this.running ? workingDirectoryOf(this.pid) : undefined;
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
			this.terminal.emulator.input('', true);
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
			currentCwd: this.workingDirectory.recent(this.running ? this.pid : undefined),
			state: this.activity.state,
			stateReason: this.activity.reason,
		};
	}

	dispose(): void {
		this.kill('SIGKILL');
		clearTimeout(this.titleTimer);
		this.activity.dispose();
		this.terminal.dispose();
		this.removeAllListeners();
	}

	private receive(data: string): void {
		this.terminal.write(data, () => {
			this.activity.parsed();
			this.emit('screen');
			if (this.paused && this.terminal.pendingBytes < resumeBelowPendingBytes) {
				this.paused = false;
				this.child?.resume();
			}
		});
		if (!this.paused && this.child && this.terminal.pendingBytes > pauseAbovePendingBytes) {
			this.paused = true;
			this.child.pause();
		}

		this.emit('output', data);
	}
}

function signalName(signal: number): string {
	const entry = Object.entries(os.constants.signals).find(([, number]) => number === signal);
	return entry?.[0] ?? String(signal);
}
