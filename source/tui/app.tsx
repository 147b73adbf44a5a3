// The TUI controller: the one owner of what the screen shows. It keeps the session list in step with the daemon's
// events, shows the selected session's screen as the daemon renders it, turns raw keys into input or commands, and
// hands frames to the compositor.
import process from 'node:process';
import React from 'react';
import type {RpcClient} from '../client.js';
import type {NotificationArgs, ScreenAttachResult, ScreenUpdate, SessionInfo} from '../protocol.js';
import {nextWaiting, type NotifySettings} from './attention.js';
import {Notifier} from './notifier.js';
import {SessionStore, shownChanged, shownFields} from './session-store.js';
import {splitCommandLine} from './command-line.js';
import {Compositor, FrameScheduler, padAnsi} from './compositor.js';
import {Help} from './chrome/help.js';
import {HostAway, SessionExited, SessionRestorable, NoSessions, TooSmall} from './chrome/messages.js';
import {CommandPrompt, ConfirmPrompt, NewSessionPrompt, RenamePrompt} from './chrome/prompts.js';
import {parsePromptCommand, type PromptCommand} from './command-prompt.js';
import {editLine, lineEdit, type LineEdit} from './line-editor.js';
import {completeDirectory, expandHome} from './path-complete.js';
import type {TuiState} from './tui-state.js';
import {renderChrome, shortenHome} from './chrome/render.js';
import {RenderCache} from './chrome/render-cache.js';
import {Sidebar} from './chrome/sidebar.js';
import {SidebarStrip} from './chrome/sidebar-strip.js';
import {StatusBar} from './chrome/status-bar.js';
import {decodeKeyAt, decodeKeys, describeKey, describePrefixKey, PrefixMachine, sameKey, type Key} from './keys.js';
import {computeLayout, minimumSize, stripWidth, type Layout} from './layout.js';
import {containsMouseReport, translateMouse} from './mouse.js';
import {modeTransition, plainModes, type OuterModes} from './outer-modes.js';
import {type HostBoard, nextHostChoice} from './hosts.js';
import {CopySession} from './copy-session.js';
import type {CopyKeys} from './copy-keys.js';
import {clipboardSequence} from './clipboard.js';
import {PaneScreen} from './pane.js';
import {cutAnsi, textWidth} from './ansi-width.js';
import {type ProbedLook, TerminalProbe} from './terminal-probe.js';
import {outerKeyboard, translateKeys, type KeyboardMode} from './keyboard.js';

type Field = 'name' | 'cwd' | 'command';

// Input up to this long is typing (a key, a mouse report, a short burst) and goes without waiting for a reply.
const typedInputChars = 256;
const fieldOrder: Field[] = ['name', 'cwd', 'command'];

type Mode =
	| {type: 'pane'}
	| {type: 'sidebar'; returnTo: string | undefined}
	| {type: 'copy'}
	| {type: 'help'}
	| {type: 'new'; fields: Record<Field, LineEdit>; focused: Field | 'host'; host: string | undefined; error?: string}
	| {type: 'rename'; sessionId: string; line: LineEdit; error?: string}
	| {type: 'prompt'; line: LineEdit; error?: string}
	// `swallow`: the keys typed after the answer in the same read are dropped (they were typed at a program that is not
	// running: a stray r, then the rest of a command line).
	| {type: 'confirm'; message: string; onYes: () => void; swallow?: boolean};

export type Connection = 'connected' | 'disconnected' | 'embedded';

export type AppOptions = {
	client: RpcClient;
	prefix: string;
	sidebarWidth: number;
	embedded: boolean;
	initialSession?: string | undefined;
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	// Reconnects after the daemon went away (starting a fresh one if needed).
	reconnect: () => Promise<RpcClient>;
	defaultCommand: string;
	/** Which background-session events ring or notify on the outer terminal. */
	notify?: NotifySettings;
	/** Set the user's terminal's title to the shown session's (pushed at start, popped at the end). Default true. */
	title?: boolean;
	/** Pass programs' clipboard writes (OSC 52) on to the user's terminal. Default true. */
	clipboard?: boolean;
	/** Other machines' links, when the config file lists hosts: their sessions come through `client`. */
	hosts?: HostBoard | undefined;
	/** Remembers the session last shown (plain `claude-tui` opens it again). */
	state?: TuiState;
	/** Said once at start (inside tmux with the same prefix). */
	hint?: string | undefined;
	/** Attached read-only: no typing, resizing or changing sessions; looking, switching, copying and detaching work. */
	readOnly?: boolean;
	/** Copy mode's key table. */
	copyKeys?: CopyKeys;
	/** Take the mouse where the program has not (wheel and drag enter copy mode), as tmux's mouse on. Default true. */
	mouse?: boolean;
};

export type ExitReason = {kind: 'detached' | 'quit'; message: string};

export class TuiApp {
	private client: RpcClient;
	// The sessions as the daemon's events keep them, and which one is selected.
	private readonly store: SessionStore;
	private pane: PaneScreen | undefined;
	// Copy mode over the shown session (prefix [, the mouse wheel), while the mode is 'copy'.
	private copy: CopySession | undefined;
	// Where the left button went down over a pane whose program has not the mouse: a drag from there selects.
	private pressedAt: string | undefined;
	// Screen updates that arrive between an attach request and its reply (they follow the reply's screen).
	// Keys typed at it meanwhile wait for it too: how to encode them (mouse, keyboard protocol) is its program's choice.
	private attaching: {id: string; buffered: ScreenUpdate[]; typed: string[]} | undefined;
	private mode: Mode = {type: 'pane'};
	// Keys typed while the first session is being started, sent to it once it exists (nothing typed is lost).
	private typedAhead: string[] | undefined;
	private layout: Layout;
	// prefix z: the sidebar hidden, the pane the whole width.
	private sidebarHidden = false;
	private connection: Connection;
	private message: string | undefined;
	private messageTimer: NodeJS.Timeout | undefined;
	// The bell, and the background sessions that want the user.
	private readonly notifier: Notifier;
	private readonly compositor: Compositor;
	private readonly scheduler: FrameScheduler;
	private readonly prefixMachine: PrefixMachine;
	private readonly prefixKey: Key;
	private outerModes: OuterModes = plainModes;
	private chromeLines: {sidebar: string[]; status: string} | undefined;
	private readonly chromeCache = new RenderCache();
	private exitResolve: ((reason: ExitReason) => void) | undefined;
	// Asking the user's terminal for its colours at start; what it answered, for the daemon (programs ask for them).
	private probe: TerminalProbe | undefined;
	private look: ProbedLook | undefined;
	// Whether the user's terminal answered kitty's keyboard protocol query (decides how keys reach agents).
	private speaksKitty = false;
	private readonly onStdin = (data: string) => {
		this.handleInput(data);
	};

	private readonly onResize = () => {
		this.relayout();
	};

	private readonly onHostsChange = (message: string | undefined) => {
		if (message !== undefined) {
			this.flash(message, 8000);
		}

		// A host back after a drop re-attaches what was shown by itself; a session chosen while it was away is attached now.
		const selected = this.selected as {host?: string} | undefined;
		const {selectedId} = this.store;
		if (selected?.host && this.options.hosts?.link(selected.host)?.state.kind === 'connected' && selectedId && this.pane?.sessionId !== selectedId && !this.attaching) {
			void this.attach(selectedId);
		}

		this.chromeChanged();
	};

	constructor(private readonly options: AppOptions) {
		this.client = options.client;
		this.connection = options.embedded ? 'embedded' : 'connected';
		this.layout = computeLayout(options.stdout.columns || 80, options.stdout.rows || 24, options.sidebarWidth);
		this.compositor = new Compositor(options.stdout);
		this.scheduler = new FrameScheduler(() => {
			this.paint();
		});
		this.prefixMachine = new PrefixMachine(options.prefix);
		this.prefixKey = decodeKeyAt(options.prefix, 0);
		this.notifier = new Notifier(options.notify, bytes => {
			this.options.stdout.write(bytes);
		});
		this.store = new SessionStore(() => this.options.hosts?.names ?? []);
	}

	/** Runs until the user detaches or quits. The terminal is restored by the caller (on every path). */
	async run(): Promise<ExitReason> {
		const exited = new Promise<ExitReason>(resolve => {
			this.exitResolve = resolve;
		});
		this.compositor.start();
		if (this.options.title !== false) {
			// XTWINOPS 22: the title the terminal had, kept on its stack until we give it back (23).
			this.options.stdout.write('\u001B[22;0t');
		}

		this.options.stdin.setRawMode(true);
		this.options.stdin.setEncoding('utf8');
		this.options.stdin.on('data', this.onStdin);
		this.options.stdin.resume();
		this.probe = new TerminalProbe(data => this.options.stdout.write(data), ({look, speaksKitty}, heldKeys) => {
			this.look = look;
			this.speaksKitty = speaksKitty;
			this.scheduler.request();
			this.tellLook();
			if (heldKeys !== '') {
				this.handleInput(heldKeys);
			}
		});
		this.options.stdout.on('resize', this.onResize);
		this.options.hosts?.on('change', this.onHostsChange);
		await this.connect(this.client, this.options.initialSession);
		if (this.options.embedded) {
			this.flash('Embedded daemon: its sessions end when you quit or detach');
		} else if (this.options.hint) {
			this.flash(this.options.hint, 12_000);
		}

		return exited;
	}

	/** Stops listening and painting; leaves terminal restoration to `restoreTerminal`. */
	dispose(): void {
		this.scheduler.dispose();
		this.options.stdin.off('data', this.onStdin);
		this.options.stdout.off('resize', this.onResize);
		this.options.hosts?.off('change', this.onHostsChange);
		clearTimeout(this.messageTimer);
	}

	restoreTerminal(): void {
		this.compositor.stop(modeTransition(this.outerModes, plainModes) + (this.options.title === false ? '' : '\u001B[23;0t'));
		this.outerModes = plainModes;
		if (this.options.stdin.isTTY) {
			this.options.stdin.setRawMode(false);
		}

		this.options.stdin.pause();
	}

	get sessionCount(): number {
		return this.store.size;
	}

	// --- Daemon connection -------------------------------------------------------------------------------

	private async connect(client: RpcClient, preferred?: string): Promise<void> {
		this.client = client;
		client.on('notification', (...args) => {
			this.handleNotification(...args);
		});
		client.on('close', () => {
			if (client === this.client && this.exitResolve) {
				this.connection = 'disconnected';
				this.attaching = undefined;
				this.flash('Lost the connection to the daemon. Press r to reconnect, q to quit.', 0);
			}
		});
		this.tellLook();
		const {sessions} = await client.request('events.subscribe');
		this.store.replace(sessions);
		if (preferred !== undefined) {
			// The daemon's own lookup (name, id or unambiguous id prefix), with the errors every command gives.
			this.store.select((await client.request('session.get', {session: preferred})).id);
		} else if (!this.store.selectedInfo) {
			// The session last shown on this socket, as tmux attach picks the most recent one; else the first running.
			const last = this.options.state?.lastSession(client.endpoint);
			this.store.select((sessions.find(session => session.id === last) ?? sessions.find(session => session.status === 'running') ?? sessions[0])?.id);
		}

		const {selectedId} = this.store;
		if (selectedId) {
			await this.attach(selectedId);
		}

		this.chromeChanged();
	}

	/** Tells the daemon what the user's terminal looks like, once it is known (again after a reconnect). */
	private tellLook(): void {
		if (this.look && Object.keys(this.look).length > 0 && !this.client.closed) {
			this.client.request('daemon.setTerminal', this.look).catch(() => {
				// An older daemon, or one going away: programs get its default colours.
			});
		}
	}

	private async reconnect(): Promise<void> {
		this.flash('Reconnecting…', 0);
		try {
			const client = await this.options.reconnect();
			this.connection = 'connected';
			this.pane = undefined;
			await this.connect(client);
			this.flash('Reconnected');
		} catch (error) {
			this.flash(`Could not reconnect: ${(error as Error).message}. Press r to try again, q to quit.`, 0);
		}
	}

	private handleNotification(...[method, params]: NotificationArgs): void {
		switch (method) {
			case 'session.screen': {
				const update = params;
				if (this.attaching?.id === update.session) {
					this.attaching.buffered.push(update);
				} else if (this.pane?.sessionId === update.session) {
					if (this.pane.apply(update)) {
						this.notifier.ring(update.session, this.pane.sessionId);
					}

					this.scheduler.request();
				}

				break;
			}

			case 'session.clipboard': {
				const {session, selection, data} = params;
				if (this.pane?.sessionId === session && this.options.clipboard !== false) {
					this.options.stdout.write(`\u001B]52;${selection};${data}\u001B\\`);
				}

				break;
			}

			case 'session.added':
			case 'session.updated':
			case 'session.exited': {
				this.upsert(params.session);
				break;
			}

			case 'session.removed': {
				this.removed(params.session.id);
				break;
			}

			case 'daemon.shutdown': {
				this.flash('The daemon is shutting down.', 0);
				break;
			}

			default:
		}
	}

	private upsert(info: SessionInfo): void {
		const previous = this.store.upsert(info);
		if (info.recordingError && !previous?.recordingError) {
			this.flash(`${info.name}: recording stopped: ${info.recordingError}`, 8000);
		}

		this.notifier.changed(previous, info, this.store.selectedId, this.pane?.sessionId);

		// Rendering the chrome costs milliseconds (Ink); a change it does not show (the client count on every
		// attach and detach, a size) must not cost a frame, above all in the middle of a switch.
		if (previous === undefined || shownChanged(previous, info)) {
			this.chromeChanged();
		}
	}

	private removed(id: string): void {
		const wasSelected = this.store.selectedId === id;
		if (!this.store.remove(id)) {
			return;
		}

		this.notifier.forget(id);
		if (wasSelected) {
			this.pane = undefined;
			const next = this.store.selectedId;
			if (next) {
				void this.attach(next);
			}
		}

		this.chromeChanged();
	}

	// --- Attaching and switching -------------------------------------------------------------------------

	private async attach(id: string): Promise<void> {
		const token = {id, buffered: [] as ScreenUpdate[], typed: [] as string[]};
		this.attaching = token;
		let result: ScreenAttachResult;
		try {
			const answer = await this.client.request('session.attach', {
				session: id,
				cols: this.layout.paneColumns,
				rows: this.layout.paneRows,
				// Rendered rows, not the raw stream: the daemon's terminal is the only emulator.
				screen: true,
				readOnly: this.options.readOnly === true,
			});
			result = answer;
		} catch (error) {
			if (this.attaching === token) {
				this.attaching = undefined;
				this.flash(`Could not attach: ${(error as Error).message}`);
				// Not the screen of the session before under this one's name (a host that is away, say).
				if (this.pane && this.pane.sessionId !== id && this.store.selectedId === id) {
					this.client.notify('session.detach', {session: this.pane.sessionId});
					this.pane = undefined;
					this.scheduler.request();
				}
			}

			return;
		}

		if (this.attaching !== token) {
			// A later switch superseded this one.
			if (this.pane?.sessionId !== id) {
				this.client.notify('session.detach', {session: id});
			}

			return;
		}

		this.attaching = undefined;
		const previous = this.pane;
		const pane = new PaneScreen(id, result.screen);
		for (const update of token.buffered) {
			pane.apply(update);
		}

		this.pane = pane;
		if (!this.options.embedded) {
			this.options.state?.setLastSession(this.client.endpoint, id);
		}

		if (previous && previous.sessionId !== id) {
			this.client.notify('session.detach', {session: previous.sessionId});
		}

		this.upsert(result.session);
		this.scheduler.request();
		this.scheduler.flush();
		for (const typed of token.typed) {
			this.sendToSession(typed);
		}
	}

	private select(id: string | undefined): void {
		if (id === undefined || id === this.store.selectedId) {
			return;
		}

		if (this.mode.type === 'copy') {
			this.setMode({type: 'pane'});
		}

		this.store.select(id);
		this.notifier.seen(id);
		this.chromeChanged();
		void this.attach(id);
	}

	private selectRelative(step: number): void {
		this.select(this.store.relative(step));
	}

	// A method, not an inline check, because handleModalKey changes the mode behind TypeScript's narrowing.
	private isInPane(): boolean {
		return this.mode.type === 'pane';
	}

	private get selected(): SessionInfo | undefined {
		return this.store.selectedInfo;
	}

	// --- Input -------------------------------------------------------------------------------------------

	private handleInput(data: string): void {
		if (this.probe && !this.probe.done) {
			// The terminal's answers to the start-up questions arrive among the keys: they are not keys.
			data = this.probe.take(data);
			if (data === '') {
				return;
			}
		}

		if (this.connection === 'disconnected') {
			this.handleDisconnectedKeys(data);
			return;
		}

		if (this.layout.tooSmall) {
			// Only the prefix commands work while the layout is unusable (detach, above all).
			for (const action of this.prefixMachine.feed(data)) {
				if (action.type === 'command') {
					this.runCommand(action.key);
					if (action.rest !== '') {
						this.handleInput(action.rest);
					}
				}
			}

			return;
		}

		switch (this.mode.type) {
			case 'pane': {
				for (const action of this.prefixMachine.feed(data)) {
					if (action.type === 'send') {
						this.sendToSession(action.data);
					} else {
						this.runCommand(action.key);
						// What followed the command in the same read is for what the command opened (a prompt, a
						// confirmation), not the session: prefix , then a name, prefix x then y, a paste of keys.
						if (action.rest !== '') {
							this.handleInput(action.rest);
						}
					}
				}

				break;
			}

			case 'copy': {
				this.copyInput(data);
				break;
			}

			case 'sidebar':
			case 'help':
			case 'new':
			case 'rename':
			case 'prompt':
			case 'confirm': {
				const keys = decodeKeys(data);
				for (const [index, key] of keys.entries()) {
					const swallow = this.mode.type === 'confirm' && this.mode.swallow === true;
					this.handleModalKey(key);
					if (swallow) {
						return;
					}

					if (this.isInPane()) {
						// The rest of the chunk was typed after leaving the mode: it belongs to the pane.
						const rest = keys.slice(index + 1).map(next => next.sequence).join('');
						if (rest !== '') {
							this.handleInput(rest);
						}

						return;
					}
				}

				break;
			}
		}
	}

	private handleDisconnectedKeys(data: string): void {
		for (const key of decodeKeys(data)) {
			if (key.name === 'r') {
				void this.reconnect();
			} else if (key.name === 'q' || (key.ctrl && key.name === 'c')) {
				this.exit({kind: 'quit', message: 'claude-tui: the daemon went away'});
			}
		}
	}

	private sendToSession(data: string): void {
		const session = this.selected;
		if (!session) {
			if (this.typedAhead) {
				this.typedAhead.push(data);
				return;
			}

			// Enter on the empty screen starts the default command; what follows it is typed into that session.
			const enter = data.indexOf('\r');
			if (enter !== -1) {
				this.typedAhead = [data.slice(enter + 1)];
				this.createSession({});
			}

			return;
		}

		let input = data;
		const live = session.status === 'running';
		if (containsMouseReport(input) && (this.pane?.modes.mouse === 'none' || !live)) {
			input = this.takeMouse(input);
			if (input === '') {
				return;
			}
		}

		if (this.options.readOnly) {
			if (input !== '') {
				this.flash('Read-only: typing does not reach the session');
			}

			return;
		}

		if (!live) {
			// Exited or restorable: one story for both. Enter (or r) offers to run it again, and asks first: a stray
			// key must not restart an agent (a resume) and have the rest of the typing go into it.
			const enter = decodeKeys(input).find(key => key.name === 'return' || key.name === 'r');
			if (enter) {
				this.confirmRestore(session);
			} else {
				this.flash(`${session.name} is not running: Enter restores it, ${this.prefixName} x removes it`);
			}

			return;
		}

		if (this.attaching?.id === session.id) {
			this.attaching.typed.push(input);
			return;
		}

		if (containsMouseReport(input) && this.pane) {
			input = translateMouse(input, {x: this.layout.paneX, y: 0, columns: this.layout.paneColumns, rows: this.layout.paneRows}, this.pane.modes.mouseEncoding);
			if (input === '') {
				return;
			}
		}

		if (this.pane) {
			// Keys come in the encoding the user's terminal was asked for; the program may want another (keyboard.ts).
			input = translateKeys(input, this.outerModes.keyboard, programKeyboard(this.pane));
		}

		if (input.length <= typedInputChars) {
			// Typing goes as a notification: no reply for this process to read between the key and its echo (the
			// session's state says whether it can take keys; one it cannot is dropped by the daemon).
			this.client.notify('session.input', {session: session.id, data: input});
			return;
		}

		// A paste is sent as a request, so a refusal (a program that reads nothing, a session gone) is said.
		this.client.request('session.input', {session: session.id, data: input}).catch((error: Error) => {
			this.flash(error.message);
		});
	}

	private restoreSession(session: SessionInfo): void {
		this.flash(`Restoring ${session.name}…`);
		this.client.request('session.restore', {session: session.id, cols: this.layout.paneColumns, rows: this.layout.paneRows}).then(
			info => {
				this.upsert(info);
				this.flash(`Restored ${info.name}`);
			},
			(error: Error) => {
				this.flash(error.message);
			},
		);
	}

	private runCommand(key: Key): void {
		const name = key.name;
		if (name === 'd') {
			this.detach();
			return;
		}

		if (this.options.readOnly && ['c', 'x', ',', '$', ']'].includes(name)) {
			this.flash(`Read-only: ${this.prefixName} ${describeKey(key)} would change the session`);
			return;
		}

		if (this.layout.tooSmall) {
			return;
		}

		if (name === 'up' || name === 'p' || name === '(') {
			this.selectRelative(-1);
		} else if (name === 'down' || name === 'n' || name === ')') {
			this.selectRelative(1);
		} else if (name === 'L') {
			if (this.store.lastId) {
				this.select(this.store.lastId);
			} else {
				this.flash('No last session yet: it is the one shown before this one');
			}
		} else if (name === ':') {
			this.setMode({type: 'prompt', line: lineEdit()});
		} else if (/^[1-9]$/.test(name)) {
			this.select(this.store.at(Number(name) - 1));
		} else if (name === 'w') {
			const waiting = nextWaiting(this.store.sessions, this.store.selectedId);
			if (waiting) {
				this.select(waiting);
			} else {
				this.flash(this.selected?.state === 'waiting' ? 'No other session is waiting' : 'No session is waiting for you');
			}
		} else if (name === 'c') {
			// With hosts, the form opens on the host row: where the session runs is the first question.
			this.setMode({type: 'new', fields: {name: lineEdit(), cwd: lineEdit(), command: lineEdit()}, focused: this.hostNames.length > 0 ? 'host' : 'name', host: undefined});
		} else if (name === 'x') {
			this.confirmKill();
		} else if (name === ',' || name === '$') {
			const session = this.selected;
			if (session) {
				this.setMode({type: 'rename', sessionId: session.id, line: lineEdit(session.name)});
			}
		} else if (name === 's' || name === 'tab') {
			this.setMode({type: 'sidebar', returnTo: this.store.selectedId});
		} else if (name === '[') {
			this.openCopyMode();
		} else if (name === ']') {
			this.pasteBuffer();
		} else if (name === 'z') {
			this.sidebarHidden = !this.sidebarHidden;
			this.relayout();
		} else if (name === '?') {
			this.setMode({type: 'help'});
		} else {
			this.flash(`${this.prefixName} ${describeKey(key)} is not a command; ${this.prefixName} ? lists them`);
		}
	}

	private handleModalKey(key: Key): void {
		const {mode} = this;
		switch (mode.type) {
			case 'help': {
				this.setMode({type: 'pane'});
				break;
			}

			case 'sidebar': {
				if (key.name === 'up' || key.name === 'k') {
					this.selectRelative(-1);
				} else if (key.name === 'down' || key.name === 'j') {
					this.selectRelative(1);
				} else if (/^[1-9]$/.test(key.name)) {
					this.select(this.store.at(Number(key.name) - 1));
				} else if (key.name === 'return' || key.name === 'enter') {
					this.setMode({type: 'pane'});
				} else if (key.name === 'escape' || (key.ctrl && key.name === 'c')) {
					this.setMode({type: 'pane'});
					this.select(mode.returnTo);
				} else if (key.name === 'x') {
					this.confirmKill();
				}

				break;
			}

			case 'new': {
				this.editNewSession(mode, key);
				break;
			}

			case 'rename': {
				this.editRename(mode, key);
				break;
			}

			case 'prompt': {
				this.editPrompt(mode, key);
				break;
			}

			case 'confirm': {
				this.setMode({type: 'pane'});
				if (key.name === 'y' || key.name === 'Y') {
					mode.onYes();
				}

				break;
			}

			case 'pane':
		}
	}

	/** Copy mode over the shown session: the rows arrive from the daemon, keys typed meanwhile wait for them. */
	private openCopyMode(wheel?: string): void {
		const {pane} = this;
		if (!pane) {
			return;
		}

		this.copy?.close();
		this.copy = new CopySession({
			client: this.client,
			sessionId: pane.sessionId,
			keys: this.options.copyKeys ?? 'emacs',
			height: this.layout.paneRows,
			cursor: pane.cursor,
			exitAtBottom: wheel !== undefined,
			onChange: () => {
				this.chromeChanged();
			},
			onExit: () => {
				if (this.mode.type === 'copy') {
					this.setMode({type: 'pane'});
				}
			},
			onCopy: text => {
				this.copied(text);
			},
			onError: message => {
				this.flash(message);
			},
		});
		this.setMode({type: 'copy'});
		if (wheel !== undefined) {
			this.copy.mouse(wheel);
		}
	}

	private copyInput(data: string): void {
		const keys = decodeKeys(data);
		for (const [index, key] of keys.entries()) {
			if (sameKey(key, this.prefixKey)) {
				// The prefix leaves copy mode and is a prefix again (prefix n, prefix d work from here as from the pane).
				this.setMode({type: 'pane'});
				this.handleInput(keys.slice(index).map(next => next.sequence).join(''));
				return;
			}

			if (key.name === 'mouse') {
				const inPane = toPane(key.sequence, this.layout.paneX);
				if (inPane !== undefined) {
					this.copy?.mouse(inPane);
				}
			} else {
				this.copy?.key(key);
			}

			if (this.mode.type !== 'copy') {
				const rest = keys.slice(index + 1).map(next => next.sequence).join('');
				if (rest !== '') {
					this.handleInput(rest);
				}

				return;
			}
		}
	}

	/** A copy: to the user's clipboard (OSC 52) and to the paste buffer the daemon keeps for prefix ]. */
	private copied(text: string): void {
		if (text === '') {
			return;
		}

		this.options.stdout.write(clipboardSequence(text));
		this.client.request('buffer.set', {text}).then(
			() => {
				this.flash(`Copied ${text.length} character${text.length === 1 ? '' : 's'}`);
			},
			(error: Error) => {
				this.flash(`Copied to the clipboard, not to the paste buffer: ${error.message}`);
			},
		);
	}

	/** prefix ]: the paste buffer typed into the session (by the daemon, in order with the keys around it). */
	private pasteBuffer(): void {
		const session = this.selected;
		if (!session || session.status !== 'running') {
			return;
		}

		this.client.request('buffer.paste', {session: session.id}).then(
			({pasted}) => {
				if (pasted === 0) {
					this.flash('The paste buffer is empty: copy something in copy mode first');
				}
			},
			(error: Error) => {
				this.flash(error.message);
			},
		);
	}

	/**
	Mouse reports over the pane of a program that did not ask for the mouse (we asked for it, as tmux's mouse on):
	the wheel up and a drag enter copy mode; the rest is dropped. Returns the input without them.
	*/
	private takeMouse(input: string): string {
		return input.replaceAll(/\u001B\[<(\d+);(\d+);(\d+)([Mm])/g, report => {
			const inPane = toPane(report, this.layout.paneX);
			const button = Number(/\d+/.exec(report)![0]);
			if (inPane === undefined) {
				return '';
			}

			if (this.mode.type === 'copy') {
				// Copy mode began earlier in this same read (a drag): the rest of the drag is its.
				this.copy?.mouse(inPane);
				return '';
			}

			if (button === 0 && report.endsWith('M')) {
				// Where a drag would start from.
				this.pressedAt = inPane;
			} else if (button === 64) {
				this.openCopyMode(inPane);
			} else if (button === 32 && this.pressedAt !== undefined) {
				this.openCopyMode();
				this.copy?.mouse(this.pressedAt);
				this.copy?.mouse(inPane);
			}

			return '';
		});
	}

	private get hostNames(): string[] {
		return this.options.hosts?.names ?? [];
	}

	private editNewSession(mode: Extract<Mode, {type: 'new'}>, key: Key): void {
		const order: Array<Field | 'host'> = this.hostNames.length > 0 ? ['host', ...fieldOrder] : fieldOrder;
		const index = order.indexOf(mode.focused);
		if (key.name === 'escape' || (key.ctrl && key.name === 'c')) {
			this.setMode({type: 'pane'});
		} else if (key.name === 'return' || key.name === 'enter') {
			this.submitNewSession(mode);
		} else if (key.name === 'tab' && !key.shift && mode.focused === 'cwd' && mode.fields.cwd.text !== '') {
			// Tab completes a directory, as a shell does; with nothing more to complete it moves on.
			const typed = mode.fields.cwd.text;
			const {text, candidates} = completeDirectory(typed, process.cwd());
			// More than one match: as far as they agree, and their names below (in the error line's place).
			const shown = candidates.length > 1 ? candidates.join('  ') : undefined;
			if (text !== typed || shown !== undefined) {
				this.setMode({...mode, fields: {...mode.fields, cwd: lineEdit(text)}, error: shown});
			} else {
				this.setMode({...mode, focused: 'command', error: undefined});
			}
		} else if (key.name === 'tab' || key.name === 'down') {
			this.setMode({...mode, focused: order[(index + (key.shift ? order.length - 1 : 1)) % order.length]!});
		} else if (key.name === 'up') {
			this.setMode({...mode, focused: order[(index + order.length - 1) % order.length]!});
		} else if (mode.focused === 'host') {
			if (key.name === 'left' || key.name === 'right' || key.name === ' ') {
				this.setMode({...mode, host: nextHostChoice(mode.host, this.hostNames, key.name === 'left' ? -1 : 1), error: undefined});
			}
		} else {
			const line = editLine(mode.fields[mode.focused], key);
			if (line) {
				this.setMode({...mode, fields: {...mode.fields, [mode.focused]: line}, error: undefined});
			}
		}
	}

	private submitNewSession(mode: Extract<Mode, {type: 'new'}>): void {
		let commandLine: string[];
		try {
			commandLine = splitCommandLine(mode.fields.command.text);
		} catch (error) {
			this.setMode({...mode, focused: 'command', error: (error as Error).message});
			return;
		}

		const [command, ...args] = commandLine;
		const cwd = mode.fields.cwd.text.trim();
		// `~` is this machine's home only for a session here; on a host its daemon's default (the home there) applies.
		this.createSession({name: mode.fields.name.text.trim() || undefined, cwd: cwd === '' ? undefined : (mode.host === undefined ? expandHome(cwd) : cwd), command, args, host: mode.host}, error => {
			this.setMode({...mode, error});
		});
	}

	private createSession(
		request: {name?: string | undefined; cwd?: string | undefined; command?: string | undefined; args?: string[]; host?: string | undefined},
		onError?: (message: string) => void,
	): void {
		const params = {
			name: request.name,
			// On a host, a directory of this machine means nothing: its daemon starts in its user's home.
			cwd: request.cwd ?? (request.host === undefined ? process.cwd() : undefined),
			host: request.host,
			command: request.command,
			args: request.command === undefined ? undefined : request.args,
			cols: this.layout.paneColumns,
			rows: this.layout.paneRows,
		};
		this.client.request('session.create', params).then(
			session => {
				if (this.mode.type === 'new') {
					this.setMode({type: 'pane'});
				}

				this.upsert(session);
				this.select(session.id);
				const typed = this.typedAhead?.join('') ?? '';
				this.typedAhead = undefined;
				if (typed !== '') {
					this.sendToSession(typed);
				}
			},
			(error: Error) => {
				this.typedAhead = undefined;
				if (onError) {
					onError(error.message);
				} else {
					this.flash(error.message);
				}
			},
		);
	}

	private editRename(mode: Extract<Mode, {type: 'rename'}>, key: Key): void {
		if (key.name === 'escape' || (key.ctrl && key.name === 'c')) {
			this.setMode({type: 'pane'});
		} else if (key.name === 'return' || key.name === 'enter') {
			this.client.request('session.rename', {session: mode.sessionId, name: mode.line.text}).then(
				() => {
					this.setMode({type: 'pane'});
				},
				(error: Error) => {
					this.setMode({...mode, error: error.message});
				},
			);
		} else {
			const line = key.name === 'paste-start' ? undefined : editLine(mode.line, key);
			if (line) {
				this.setMode({...mode, line, error: undefined});
			}
		}
	}

	private editPrompt(mode: Extract<Mode, {type: 'prompt'}>, key: Key): void {
		if (key.name === 'escape' || (key.ctrl && (key.name === 'c' || key.name === 'g'))) {
			this.setMode({type: 'pane'});
		} else if (key.name === 'return' || key.name === 'enter') {
			let command: PromptCommand;
			try {
				command = parsePromptCommand(mode.line.text);
			} catch (error) {
				this.setMode({...mode, error: (error as Error).message});
				return;
			}

			this.setMode({type: 'pane'});
			this.runPromptCommand(command);
		} else {
			const line = editLine(mode.line, key);
			if (line) {
				this.setMode({...mode, line, error: undefined});
			}
		}
	}

	/** A command from the prompt (prefix :), carried out as its key or its `claude-tui` command would be. */
	private runPromptCommand(command: PromptCommand): void {
		const failed = (error: Error) => {
			this.flash(error.message);
		};

		if (this.options.readOnly && ['new', 'rename', 'kill', 'remove', 'restore', 'send', 'paste'].includes(command.type)) {
			this.flash(`Read-only: ${command.type} would change a session`);
			return;
		}

		const target = async (reference: string | undefined): Promise<SessionInfo> => {
			const selected = this.selected;
			if (reference === undefined) {
				if (!selected) {
					throw new Error('No session selected');
				}

				return selected;
			}

			return this.client.request('session.get', {session: reference});
		};

		switch (command.type) {
			case 'new': {
				this.createSession({name: command.name, cwd: command.cwd === undefined ? undefined : expandHome(command.cwd), command: command.command, args: command.args});
				break;
			}

			case 'rename': {
				target(command.session).then(async session => this.client.request('session.rename', {session: session.id, name: command.name})).catch(failed);
				break;
			}

			case 'kill': {
				target(command.session).then(async session => this.client.request('session.kill', {session: session.id, signal: command.signal})).catch(failed);
				break;
			}

			case 'remove': {
				target(command.session).then(async session => this.client.request('session.remove', {session: session.id})).catch(failed);
				break;
			}

			case 'restore': {
				target(command.session).then(session => {
					this.restoreSession(session);
				}).catch(failed);
				break;
			}

			case 'send': {
				target(command.session).then(async session => this.client.request('session.input', {session: session.id, data: command.text + (command.enter ? '\r' : '')})).catch(failed);
				break;
			}

			case 'select': {
				target(command.session).then(session => {
					this.select(session.id);
				}).catch(failed);
				break;
			}

			case 'detach': {
				this.detach();
				break;
			}

			case 'copy-mode': {
				this.openCopyMode();
				break;
			}

			case 'paste': {
				this.pasteBuffer();
				break;
			}

			case 'sidebar': {
				this.sidebarHidden = !this.sidebarHidden;
				this.relayout();
				break;
			}

			case 'help': {
				this.setMode({type: 'help'});
				break;
			}
		}
	}

	private confirmRestore(session: SessionInfo): void {
		const command = [session.command, ...session.args].join(' ');
		this.setMode({
			type: 'confirm',
			message: `Restore "${session.name}"? It runs ${command.length > 60 ? command.slice(0, 59) + '…' : command} again in ${shortenHome(session.currentCwd ?? session.cwd)} (an agent resumes its conversation). (y/n)`,
			onYes: () => {
				this.restoreSession(session);
			},
			swallow: true,
		});
	}

	private confirmKill(): void {
		const session = this.selected;
		if (!session) {
			return;
		}

		if (session.status === 'exited' || session.status === 'restorable') {
			this.setMode({
				type: 'confirm',
				message: `Remove ${session.status} session "${session.name}" and its history? (y/n)`,
				onYes: () => {
					this.client.request('session.remove', {session: session.id}).catch((error: Error) => {
						this.flash(error.message);
					});
				},
			});
			return;
		}

		// As tmux's kill-session: the session goes, not into the list of exited ones (`claude-tui kill` keeps it there).
		this.setMode({
			type: 'confirm',
			message: `Kill session "${session.name}" and remove it with its history? (y/n)`,
			onYes: () => {
				this.client.request('session.remove', {session: session.id}).catch((error: Error) => {
					this.flash(error.message);
				});
			},
		});
	}

	private detach(): void {
		if (!this.options.embedded) {
			const name = this.selected?.name;
			this.exit({kind: 'detached', message: name ? `[detached (from session ${name})]` : '[detached]'});
			return;
		}

		const running = this.store.sessions.filter(session => session.status === 'running').length;
		if (running === 0 || this.mode.type === 'confirm') {
			this.exit({kind: 'quit', message: '[exited; the embedded daemon stopped]'});
			return;
		}

		this.setMode({
			type: 'confirm',
			message: `Embedded daemon: quitting ends ${running} running session${running === 1 ? '' : 's'}. Quit? (y/n)`,
			onYes: () => {
				this.exit({kind: 'quit', message: `[exited; the embedded daemon stopped and its ${running} session${running === 1 ? '' : 's'} ended]`});
			},
		});
	}

	private exit(reason: ExitReason): void {
		const resolve = this.exitResolve;
		this.exitResolve = undefined;
		resolve?.(reason);
	}

	// --- State changes and painting ---------------------------------------------------------------------

	private setMode(mode: Mode): void {
		if (mode.type !== 'copy') {
			this.copy?.close();
			this.copy = undefined;
		}

		this.mode = mode;
		this.chromeChanged();
	}

	private flash(message: string, durationMs = 4000): void {
		this.message = message;
		clearTimeout(this.messageTimer);
		if (durationMs > 0) {
			this.messageTimer = setTimeout(() => {
				this.message = undefined;
				this.chromeChanged();
			}, durationMs);
			this.messageTimer.unref();
		}

		this.chromeChanged();
	}

	private chromeChanged(): void {
		this.chromeLines = undefined;
		this.scheduler.request();
	}

	private relayout(): void {
		const {stdout} = this.options;
		this.layout = computeLayout(stdout.columns || 80, stdout.rows || 24, this.options.sidebarWidth, this.sidebarHidden);
		this.compositor.invalidate();
		this.copy?.resize(this.layout.paneRows);
		if (!this.layout.tooSmall && this.pane && !this.options.readOnly) {
			this.client.request('session.resize', {session: this.pane.sessionId, cols: this.layout.paneColumns, rows: this.layout.paneRows}).catch(() => {
				// The session may be gone; the event that says so updates the screen.
			});
		}

		this.chromeChanged();
		this.scheduler.flush();
	}

	private get prefixName(): string {
		return describePrefixKey(this.options.prefix);
	}

	private renderChromeLines(): {sidebar: string[]; status: string} {
		const {layout, mode} = this;
		const attention = this.notifier.marked(this.store.sessions, this.pane?.sessionId);
		const {sessions, selectedId} = this.store;

		const focused = mode.type === 'sidebar';
		const hosts = this.options.hosts?.statuses();
		const sidebarKey = JSON.stringify([sessions.map(session => shownFields(session)), selectedId, focused, layout.sidebar, layout.sidebarWidth, layout.paneRows, [...attention].sort(), hosts?.map(host => [host.name, host.state.kind])]);
		const sidebar = layout.sidebarWidth === 0 ? [] : this.chromeCache.get('sidebar' + sidebarKey, () => layout.sidebar === 'strip' ? renderChrome(
			<SidebarStrip sessions={sessions} selectedId={selectedId} focused={focused} width={layout.sidebarWidth} height={layout.paneRows} attention={attention} />,
			layout.sidebarWidth,
		) : renderChrome(
				<Sidebar
					sessions={sessions}
					selectedId={selectedId}
					focused={focused}
					width={layout.sidebarWidth}
					height={layout.paneRows}
					attention={attention}
					hosts={hosts}
				/>,
				layout.sidebarWidth,
			),
		);
		const statusProps = {
			width: layout.columns,
			sessionName: this.selected?.name,
			prefix: this.prefixName,
			connection: this.connection,
			message: this.message,
			mode: this.modeLabel(),
			counts: this.store.counts(),
		};
		const status = this.chromeCache.get('status' + JSON.stringify(statusProps), () => renderChrome(<StatusBar {...statusProps} />, layout.columns))[0] ?? '';
		return {sidebar, status};
	}

	private modeLabel(): string | undefined {
		switch (this.mode.type) {
			case 'copy': {
				return this.copy?.label ?? 'COPY';
			}

			case 'sidebar': {
				return 'SIDEBAR';
			}

			default: {
				return this.prefixMachine.pending ? 'PREFIX' : this.options.readOnly ? 'READ-ONLY' : undefined;
			}
		}
	}

	private paint(): void {
		if (!this.exitResolve) {
			return;
		}

		const {layout} = this;
		if (layout.tooSmall) {
			const minimum = minimumSize(this.sidebarHidden ? 0 : stripWidth);
			const lines = renderChrome(
				<TooSmall width={layout.columns} height={layout.rows} minWidth={minimum.columns} minHeight={minimum.rows} />,
				layout.columns,
			);
			this.compositor.paint({rows: fit(lines, layout.rows, layout.columns), cursor: {x: 0, y: 0, visible: false}});
			return;
		}

		this.chromeLines ??= this.renderChromeLines();
		const {sidebar, status} = this.chromeLines;
		const {rows: paneRows, cursor} = this.paneContent();
		// The pane's rows start at its own column, whatever width the user's terminal gave the sidebar's characters:
		// a terminal that draws an emoji one cell narrower than we measured shifts one row's sidebar, never the pane.
		const paneStart = `\u001B[${layout.paneX + 1}G`;
		const rows: string[] = [];
		for (let y = 0; y < layout.paneRows; y++) {
			rows.push((sidebar[y] ?? ' '.repeat(layout.sidebarWidth)) + paneStart + (paneRows[y] ?? ''));
		}

		rows.push(status);
		this.compositor.paint({rows, cursor});
		this.syncOuterModes();
	}

	/**
	What the pane area shows now, a row each (rows may end early: the rest of the row is erased), and where the
	terminal's cursor belongs.
	*/
	private paneContent(): {rows: string[]; cursor: {x: number; y: number; visible: boolean}} {
		const {layout, mode, pane} = this;
		const width = layout.paneColumns;
		const height = layout.paneRows;
		const hidden = {x: 0, y: 0, visible: false};
		if (this.store.size === 0) {
			return {
				rows: fit(renderChrome(<NoSessions width={width} height={height} defaultCommand={this.options.defaultCommand} prefix={this.prefixName} />, width), height, width),
				cursor: hidden,
			};
		}

		if (mode.type === 'help') {
			return {rows: fit(renderChrome(<Help width={width} height={height} prefix={this.prefixName} />, width), height, width), cursor: hidden};
		}

		const copying = mode.type === 'copy' && this.copy?.ready && this.copy.sessionId === pane?.sessionId ? this.copy.view(width) : undefined;
		const shown = copying?.rows ?? pane?.lines ?? [];
		// The session may be larger than the pane (another client set its size, or ours is on its way): cut its rows.
		const wider = (pane?.cols ?? 0) > width;
		const rows: string[] = [];
		for (let y = 0; y < height; y++) {
			const line = shown[y] ?? '';
			rows.push(eraseAfter(wider ? cutAnsi(line, width).text : line, width));
		}

		const session = this.selected;
		if (session?.status === 'exited' && pane?.sessionId === session.id) {
			rows[height - 1] = padAnsi(renderChrome(<SessionExited width={width} info={session} prefix={this.prefixName} />, width)[0] ?? '', width);
		} else if (session?.status === 'restorable' && pane?.sessionId === session.id) {
			rows[height - 1] = padAnsi(renderChrome(<SessionRestorable width={width} prefix={this.prefixName} />, width)[0] ?? '', width);
		}

		const overlay = this.overlayLines(width);
		if (overlay) {
			const top = Math.max(0, Math.floor((height - overlay.length) / 2));
			for (const [index, line] of overlay.entries()) {
				if (top + index < height) {
					rows[top + index] = padAnsi(line, width);
				}
			}

			return {rows, cursor: hidden};
		}

		let cursor = hidden;
		if (copying) {
			cursor = copying.cursor.visible ? {x: layout.paneX + copying.cursor.x, y: copying.cursor.y, visible: true} : hidden;
		} else if (pane && mode.type !== 'copy' && session?.status === 'running') {
			const {x, y, visible} = pane.cursor;
			if (x < width && y < height) {
				cursor = {x: layout.paneX + x, y, visible};
			}
		}

		return {rows, cursor};
	}

	private overlayLines(width: number): string[] | undefined {
		const {mode} = this;
		switch (mode.type) {
			case 'new': {
				return renderChrome(
					<NewSessionPrompt
						width={width}
						fields={{name: mode.fields.name.text, cwd: mode.fields.cwd.text, command: mode.fields.command.text}}
						cursors={{name: mode.fields.name.cursor, cwd: mode.fields.cwd.cursor, command: mode.fields.command.cursor}}
						placeholders={{name: 'automatic', cwd: mode.host === undefined ? process.cwd() : `home on ${mode.host}`, command: this.options.defaultCommand}}
						focusedField={mode.focused}
						hosts={{names: this.hostNames, chosen: mode.host}}
						error={mode.error}
					/>,
					width,
				);
			}

			case 'rename': {
				return renderChrome(<RenamePrompt width={width} value={mode.line.text} cursor={mode.line.cursor} error={mode.error} />, width);
			}

			case 'prompt': {
				return renderChrome(<CommandPrompt width={width} value={mode.line.text} cursor={mode.line.cursor} error={mode.error} />, width);
			}

			case 'confirm': {
				return renderChrome(<ConfirmPrompt width={width} message={mode.message} />, width);
			}

			default: {
				const host = (this.selected as {host?: string} | undefined)?.host;
				const state = host === undefined ? undefined : this.options.hosts?.link(host)?.state;
				return state?.kind === 'disconnected' ? renderChrome(<HostAway width={width} host={host!} reason={state.reason} />, width) : undefined;
			}
		}
	}

	/** `claude-tui: NAME — TITLE` for the user's terminal's title bar, or undefined when titles are switched off. */
	private windowTitle(): string | undefined {
		if (this.options.title === false) {
			return undefined;
		}

		const session = this.selected;
		// A program's title is its own text: control characters would end the sequence or reach the terminal.
		const clean = (text: string) => text.replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, ' ').trim().slice(0, 200);
		if (!session) {
			return 'claude-tui';
		}

		const title = clean(session.title);
		return `claude-tui: ${clean(session.name)}${title === '' ? '' : ` — ${title}`}`;
	}

	private syncOuterModes(): void {
		// A session with no program (exited, restorable) keeps the screen but not the modes its program asked for.
		const live = this.selected?.status === 'running';
		const shown = this.pane && live && this.mode.type === 'pane' && this.connection !== 'disconnected' ? this.pane : undefined;
		let wanted: OuterModes = {
			...(shown ? {...shown.modes, keyboard: outerKeyboard(programKeyboard(shown), this.speaksKitty), cursorShape: shown.cursor.shape, cursorColor: shown.cursor.color} : plainModes),
			title: this.windowTitle(),
		};
		// Where the program does not take the mouse, we do: the wheel and drags go to copy mode (tmux's mouse on).
		if (this.options.mouse !== false && wanted.mouse === 'none' && (this.mode.type === 'pane' || this.mode.type === 'copy') && this.pane) {
			wanted = {...wanted, mouse: 'drag'};
		}

		const transition = modeTransition(this.outerModes, wanted);
		if (transition !== '') {
			this.options.stdout.write(transition);
			this.outerModes = wanted;
		}
	}
}

/** The keyboard protocol the shown program asked its terminal for. */
function programKeyboard(pane: PaneScreen): KeyboardMode {
	return {kitty: pane.modes.kittyKeyboard, modifyOtherKeys: pane.modes.modifyOtherKeys};
}

/**
A pane row as the compositor writes it: its cells, then the rest of the line erased (the pane is the rightmost
piece of the line). The row ends in the default style, so the erase leaves default cells, as the program's screen
has there. Not after a row that fills the pane: the cursor waits on the last column then, and the erase would take
that column's character with it.
*/
function eraseAfter(row: string, width: number): string {
	return textWidth(row) >= width ? row : row + '\u001B[K';
}

/** Exactly `height` rows of exactly `width` cells. */
function fit(lines: string[], height: number, width: number): string[] {
	const rows: string[] = [];
	for (let y = 0; y < height; y++) {
		const line = lines[y];
		rows.push(line === undefined ? ' '.repeat(width) : padAnsi(line, width));
	}

	return rows;
}

/** An SGR mouse report of the user's terminal in the pane's coordinates (1-based); undefined for a press left of it. */
function toPane(report: string, paneX: number): string | undefined {
	const match = /^\u001B\[<(\d+);(\d+);(\d+)([Mm])$/.exec(report);
	if (!match) {
		return undefined;
	}

	const x = Number(match[2]) - paneX;
	const pressed = match[4] === 'M' && (Number(match[1]) & 32) === 0;
	if (x < 1 && pressed) {
		return undefined;
	}

	return `\u001B[<${match[1]};${Math.max(1, x)};${match[3]}${match[4]}`;
}

