// The TUI controller: it wires the pieces and owns no drawing or key meaning of its own. The daemon's events are
// applied by session-events.ts to the session store (session-store.ts) and the shown screen (attachment.ts); raw
// keys go to the prefix machine and the key table (bindings.ts) or to the mode that is on (modes/); frames are the
// painter's (painter.ts: the view, view.tsx, written by the compositor); bells and attention are the notifier's
// (notifier.ts); the status bar's message is status-message.ts's. It is the host (host.ts) those pieces ask.
import type {RpcClient} from '../client.js';
import type {HostedSession} from '../hosts/names.js';
import type {SessionInfo} from '../protocol.js';
import {Attachment} from './attachment.js';
import {perform} from './actions.js';
import type {Action} from './bindings.js';
import type {AppOptions, ExitReason} from './app-options.js';
import type {Connection} from './chrome/status-bar.js';
import type {CopySession} from './copy-session.js';
import type {NewSessionRequest, TuiHost} from './host.js';
import {InputRouter} from './input-router.js';
import {describePrefixKey} from './key-names.js';
import {decodeKeyAt, type Key} from './keys.js';
import {computeLayout, type Layout} from './layout.js';
import type {Mode} from './modes/mode.js';
import {openCopyMode} from './modes/copy.js';
import {Notifier} from './notifier.js';
import {Painter} from './painter.js';
import {SessionEvents} from './session-events.js';
import {createSession, restoreSession, type SessionRequests} from './session-requests.js';
import {SessionStore} from './session-store.js';
import {StatusMessage} from './status-message.js';
import {type ProbedLook, TerminalProbe} from './terminal-probe.js';
import type {ViewState} from './view.js';

export type {AppOptions, ExitReason} from './app-options.js';

/** The controller is the host its pieces (modes, prefix actions, prompt commands, the view) are written against. */
export class TuiApp implements TuiHost {
	client: RpcClient;
	// The sessions as the daemon's events keep them, and which one is selected.
	readonly store: SessionStore;
	layout: Layout;
	readonly defaultCommand: string;
	readonly readOnly: boolean;
	readonly prefixName: string;
	readonly prefixKey: Key;
	// The shown session's screen, and the attach that brings the next one.
	private readonly attachment: Attachment;
	private currentMode: Mode = {type: 'pane'};
	// Where the user's keys go.
	private readonly router: InputRouter;
	// prefix z: the sidebar hidden, the pane the whole width.
	private sidebarHidden = false;
	private connection: Connection;
	private readonly message: StatusMessage;
	// The bell, and the background sessions that want the user.
	private readonly notifier: Notifier;
	// The frames: the compositor, the chrome's renders, the terminal's modes.
	private readonly painter: Painter;
	// The daemon's events, applied.
	private readonly events: SessionEvents;
	private exitResolve: ((reason: ExitReason) => void) | undefined;
	// Asking the user's terminal for its colours at start; what it answered, for the daemon (programs ask for them).
	private probe: TerminalProbe | undefined;
	private look: ProbedLook | undefined;
	// Whether the user's terminal answered kitty's keyboard protocol query (decides how keys reach agents).
	private speaksKitty = false;
	private readonly onStdin = (data: string) => {
		this.router.input(data);
	};

	private readonly onResize = () => {
		this.relayout();
	};

	private readonly onHostsChange = (message: string | undefined) => {
		if (message !== undefined) {
			this.flash(message, 8000);
		}

		// A host back after a drop re-attaches what was shown by itself; a session chosen while it was away is attached now.
		const host = this.selected?.host;
		const {selectedId} = this.store;
		if (host && this.options.hosts?.link(host)?.state.kind === 'connected' && selectedId && this.pane?.sessionId !== selectedId && this.attachment.attachingId === undefined) {
			void this.attachment.attach(selectedId);
		}

		this.chromeChanged();
	};

	constructor(private readonly options: AppOptions) {
		this.client = options.client;
		this.connection = options.embedded ? 'embedded' : 'connected';
		this.layout = computeLayout(options.stdout.columns || 80, options.stdout.rows || 24, options.sidebarWidth);
		this.painter = new Painter({
			stdout: options.stdout,
			state: () => this.viewState(),
			settings: () => ({speaksKitty: this.speaksKitty, title: options.title !== false, mouse: options.mouse !== false}),
			live: () => this.exitResolve !== undefined,
		});
		this.message = new StatusMessage(() => {
			this.chromeChanged();
		});
		this.notifier = new Notifier(options.notify, bytes => {
			this.options.stdout.write(bytes);
		});
		this.store = new SessionStore(() => this.hostNames);
		this.attachment = new Attachment({
			client: () => this.client,
			size: () => ({cols: this.layout.paneColumns, rows: this.layout.paneRows}),
			selectedId: () => this.store.selectedId,
			readOnly: options.readOnly === true,
			attached: (session, typed) => {
				if (!options.embedded) {
					options.state?.setLastSession(this.client.endpoint, session.id);
				}

				this.events.upsert(session);
				// The first frame waited for this screen; later ones are painted at once too (a switch).
				this.painter.release();
				this.painter.request();
				this.painter.flush();
				for (const input of typed) {
					this.router.sendToSession(input);
				}
			},
			failed: message => {
				this.flash(message);
			},
			changed: () => {
				this.painter.request();
			},
		});
		this.events = new SessionEvents({
			store: this.store,
			attachment: this.attachment,
			notifier: this.notifier,
			flash: (message, durationMs) => {
				this.flash(message, durationMs);
			},
			chromeChanged: () => {
				this.chromeChanged();
			},
			clipboard: (selection, data) => {
				if (options.clipboard !== false) {
					options.stdout.write(`\u001B]52;${selection};${data}\u001B\\`);
				}
			},
		});
		this.defaultCommand = options.defaultCommand;
		this.readOnly = options.readOnly === true;
		this.prefixName = describePrefixKey(options.prefix);
		this.prefixKey = decodeKeyAt(options.prefix, 0);
		this.router = new InputRouter({
			host: this,
			prefix: options.prefix,
			connection: () => this.connection,
			probe: () => this.probe,
			pane: () => this.pane,
			outerKeyboard: () => this.painter.outerKeyboard,
			holdTyped: (id, input) => this.attachment.holdTyped(id, input),
			copyMode: {
				current: () => this.currentMode.type === 'copy' ? this.currentMode.copy : undefined,
				open: () => this.openCopyMode(),
				openByWheel: report => {
					this.openCopyMode(report);
				},
			},
			reconnect: () => {
				void this.reconnect();
			},
			quit: () => {
				this.exit({kind: 'quit', message: 'claude-tui: the daemon went away'});
			},
		});
	}

	/** Runs until the user detaches or quits. The terminal is restored by the caller (on every path). */
	async run(): Promise<ExitReason> {
		const exited = new Promise<ExitReason>(resolve => {
			this.exitResolve = resolve;
		});
		this.painter.start();
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
			this.painter.request();
			this.tellLook();
			if (heldKeys !== '') {
				this.router.input(heldKeys);
			}
		});
		this.options.stdout.on('resize', this.onResize);
		this.options.hosts?.on('change', this.onHostsChange);
		try {
			await this.connect(this.client, this.options.initialSession);
		} finally {
			// With no session to show, or its attach refused: the first frame is painted as things are.
			this.painter.release();
		}

		if (this.options.embedded) {
			this.flash('Embedded daemon: its sessions end when you quit or detach');
		} else if (this.options.hint) {
			this.flash(this.options.hint, 12_000);
		}

		return exited;
	}

	/** Stops listening and painting; leaves terminal restoration to `restoreTerminal`. */
	dispose(): void {
		this.painter.dispose();
		this.options.stdin.off('data', this.onStdin);
		this.options.stdout.off('resize', this.onResize);
		this.options.hosts?.off('change', this.onHostsChange);
		this.message.dispose();
	}

	restoreTerminal(): void {
		this.painter.restore(this.options.title === false ? '' : '\u001B[23;0t');
		if (this.options.stdin.isTTY) {
			this.options.stdin.setRawMode(false);
		}

		this.options.stdin.pause();
	}

	get sessionCount(): number {
		return this.store.size;
	}

	get mode(): Mode {
		return this.currentMode;
	}

	get hostNames(): string[] {
		return this.options.hosts?.names ?? [];
	}

	// --- What the pieces ask for (TuiHost) ----------------------------------------------------------------

	input(data: string): void {
		if (data !== '') {
			this.router.input(data);
		}
	}

	perform(action: Action, key?: Key): void {
		perform(action, this, key);
	}

	toggleSidebar(): void {
		this.sidebarHidden = !this.sidebarHidden;
		this.relayout();
	}

	// --- Daemon connection -------------------------------------------------------------------------------

	private async connect(client: RpcClient, preferred?: string): Promise<void> {
		this.client = client;
		client.on('notification', (...args) => {
			this.events.handle(...args);
		});
		client.on('close', () => {
			if (client === this.client && this.exitResolve) {
				this.connection = 'disconnected';
				this.attachment.abandon();
				this.flash('Lost the connection to the daemon. Press r to reconnect, q to quit.', 0);
			}
		});
		this.tellLook();
		this.router.listing();
		try {
			await this.listAndSelect(client, preferred);
		} catch (error) {
			this.router.listed();
			throw error;
		}

		const {selectedId} = this.store;
		const attached = selectedId === undefined ? undefined : this.attachment.attach(selectedId);
		// Once the attach is on its way: the keys held meanwhile wait for it, to be encoded as its program asks.
		this.router.listed();
		await attached;
		this.chromeChanged();
	}

	/** The session list, and the session to show: the one asked for, else the one last shown, else the first running. */
	private async listAndSelect(client: RpcClient, preferred?: string): Promise<void> {
		const {sessions} = await client.request('events.subscribe');
		this.store.replace(sessions);
		// A notification may have come ahead of the answer and been painted: that sidebar is out of date now.
		this.chromeChanged();
		if (preferred !== undefined) {
			// The daemon's own lookup (name, id or unambiguous id prefix), with the errors every command gives.
			this.store.select((await client.request('session.get', {session: preferred})).id);
		} else if (!this.store.selectedInfo) {
			// The session last shown on this socket, as tmux attach picks the most recent one; else the first running.
			const last = this.options.state?.lastSession(client.endpoint);
			this.store.select((sessions.find(session => session.id === last) ?? sessions.find(session => session.status === 'running') ?? sessions[0])?.id);
		}
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
			this.attachment.clear();
			await this.connect(client);
			this.flash('Reconnected');
		} catch (error) {
			this.flash(`Could not reconnect: ${(error as Error).message}. Press r to try again, q to quit.`, 0);
		}
	}

	// --- Switching ---------------------------------------------------------------------------------------

	select(id: string | undefined): void {
		if (id === undefined || id === this.store.selectedId) {
			return;
		}

		if (this.currentMode.type === 'copy') {
			this.setMode({type: 'pane'});
		}

		this.store.select(id);
		this.notifier.seen(id);
		this.chromeChanged();
		void this.attachment.attach(id);
	}

	selectRelative(step: number): void {
		this.select(this.store.relative(step));
	}

	// Sessions of a host carry its name (hosts/names.ts); the protocol's info does not say so.
	private get selected(): HostedSession | undefined {
		return this.store.selectedInfo;
	}

	private get sessionRequests(): SessionRequests {
		return {
			host: this,
			upsert: info => {
				this.events.upsert(info);
			},
			created: () => {
				this.router.sessionCreated();
			},
			notCreated: () => {
				this.router.sessionNotCreated();
			},
		};
	}

	private get pane() {
		return this.attachment.pane;
	}

	// --- Sessions ----------------------------------------------------------------------------------------

	createSession(request: NewSessionRequest, onError?: (message: string) => void): void {
		createSession(this.sessionRequests, request, onError);
	}

	restoreSession(session: SessionInfo): void {
		restoreSession(this.sessionRequests, session);
	}

	/** Copy mode over the shown session (prefix [, the wheel, a drag). */
	openCopyMode(wheel?: string): CopySession | undefined {
		return this.pane && openCopyMode(this, this.pane, {
			keys: this.options.copyKeys ?? 'emacs',
			wheel,
			changed: () => {
				this.chromeChanged();
			},
			write: bytes => this.options.stdout.write(bytes),
		});
	}

	detach(): void {
		if (!this.options.embedded) {
			const name = this.selected?.name;
			this.exit({kind: 'detached', message: name ? `[detached (from session ${name})]` : '[detached]'});
			return;
		}

		const running = this.store.sessions.filter(session => session.status === 'running').length;
		if (running === 0 || this.currentMode.type === 'confirm') {
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

	setMode(mode: Mode): void {
		// Leaving copy mode closes its session (its rows, its searches).
		if (this.currentMode.type === 'copy' && this.currentMode !== mode) {
			this.currentMode.copy.close();
		}

		this.currentMode = mode;
		this.chromeChanged();
	}

	flash(message: string, durationMs?: number): void {
		this.message.show(message, durationMs);
	}

	private chromeChanged(): void {
		this.painter.chromeChanged();
	}

	private relayout(): void {
		const {stdout} = this.options;
		this.layout = computeLayout(stdout.columns || 80, stdout.rows || 24, this.options.sidebarWidth, this.sidebarHidden);
		this.painter.invalidate();
		if (this.currentMode.type === 'copy') {
			this.currentMode.copy.resize(this.layout.paneRows);
		}

		if (!this.layout.tooSmall && this.pane && !this.options.readOnly) {
			this.client.request('session.resize', {session: this.pane.sessionId, cols: this.layout.paneColumns, rows: this.layout.paneRows}).catch(() => {
				// The session may be gone; the event that says so updates the screen.
			});
		}

		this.chromeChanged();
		this.painter.flush();
	}

	private viewState(): ViewState {
		const {selected} = this;
		const away = selected?.host === undefined ? undefined : this.options.hosts?.link(selected.host)?.state;
		return {
			layout: this.layout,
			sessions: this.store.sessions,
			selected,
			pane: this.pane,
			mode: this.currentMode,
			host: this,
			connection: this.connection,
			message: this.message.text,
			attention: this.notifier.marked(this.store.sessions, this.pane?.sessionId),
			counts: this.store.counts(),
			hosts: this.options.hosts?.statuses(),
			hostAway: away?.kind === 'disconnected' ? {host: selected!.host!, reason: away.reason} : undefined,
			prefixPending: this.router.prefixPending,
			sidebarHidden: this.sidebarHidden,
		};
	}
}
