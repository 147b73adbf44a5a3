// Where a read of the user's keys goes: the start-up probe's answers are taken out, a lost daemon's screen takes r
// and q, the pane's keys go through the prefix machine (a command is the key table's) to the session, the modes'
// keys to the mode that is on. Typing reaches the session as its program asked to get it: mouse reports moved into
// the pane and re-encoded, keys in its keyboard protocol.
import type {HostedSession} from '../hosts/names.js';
import {lookupBinding} from './bindings.js';
import type {Connection} from './chrome/status-bar.js';
import type {TuiHost} from './host.js';
import {translateKeys, type KeyboardMode} from './keyboard.js';
import {describeKey} from './key-names.js';
import {decodeKeys, type Key} from './keys.js';
import {PrefixMachine} from './prefix-machine.js';
import {confirmRestore} from './modes/confirm.js';
import {behaviorOf, keyInput} from './modes/index.js';
import {containsMouseReport, MouseTakeover, translateMouse, type CopyModeDoor} from './mouse.js';
import type {PaneScreen} from './pane.js';
import type {TerminalProbe} from './terminal-probe.js';
import {programKeyboard} from './view.js';

// Input up to this long is typing (a key, a mouse report, a short burst) and goes without waiting for a reply.
const typedInputChars = 256;

export type InputRouterOptions = {
	host: TuiHost;
	prefix: string;
	connection: () => Connection;
	probe: () => TerminalProbe | undefined;
	pane: () => PaneScreen | undefined;
	/** The keyboard protocol the user's terminal was asked for (its keys come in it). */
	outerKeyboard: () => KeyboardMode;
	/** Keys for a session whose attach is on its way wait for it (attachment.ts); says whether they do. */
	holdTyped: (sessionId: string, input: string) => boolean;
	copyMode: CopyModeDoor;
	reconnect: () => void;
	quit: () => void;
};

export class InputRouter {
	private readonly prefixMachine: PrefixMachine;
	private readonly mouse = new MouseTakeover();
	// Keys typed while the first session is being started, sent to it once it exists (nothing typed is lost).
	private typedAhead: string[] | undefined;
	// Keys typed before the session list and the selection are known: they are for the session about to be shown,
	// and must not be taken for typing at an empty list (whose Enter starts a new session).
	private heldUntilListed: string[] | undefined = [];

	constructor(private readonly options: InputRouterOptions) {
		this.prefixMachine = new PrefixMachine(options.prefix);
	}

	/** The prefix was pressed and the next key is a command. */
	get prefixPending(): boolean {
		return this.prefixMachine.pending;
	}

	input(data: string): void {
		const {host} = this.options;
		const probe = this.options.probe();
		if (probe && !probe.done) {
			// The terminal's answers to the start-up questions arrive among the keys: they are not keys.
			data = probe.take(data);
			if (data === '') {
				return;
			}
		}

		const {mode} = host;
		if (this.options.connection() === 'disconnected') {
			this.disconnectedKeys(data);
		} else if (mode.type === 'pane' || host.layout.tooSmall) {
			// While the layout is unusable only the prefix commands work (detach, above all).
			this.paneInput(data);
		} else {
			const behavior = behaviorOf(mode);
			if (behavior.input) {
				behavior.input(mode, data, host);
			} else {
				keyInput(data, host);
			}
		}
	}

	/** The session list is being (re)read: typing waits for it. */
	listing(): void {
		this.heldUntilListed ??= [];
	}

	/** The list and the selection are known: what was typed meanwhile goes where typing goes now. */
	listed(): void {
		const held = this.heldUntilListed?.join('') ?? '';
		this.heldUntilListed = undefined;
		if (held !== '') {
			this.sendToSession(held);
		}
	}

	/** A session was created: what was typed while the first one started goes to it. */
	sessionCreated(): void {
		const typed = this.typedAhead?.join('') ?? '';
		this.typedAhead = undefined;
		if (typed !== '') {
			this.sendToSession(typed);
		}
	}

	sessionNotCreated(): void {
		this.typedAhead = undefined;
	}

	/** Typing for the selected session (also what was typed at it while its attach was on its way). */
	sendToSession(data: string): void {
		if (this.heldUntilListed) {
			this.heldUntilListed.push(data);
			return;
		}

		const {host} = this.options;
		const session: HostedSession | undefined = host.store.selectedInfo;
		if (!session) {
			this.typeAhead(data);
			return;
		}

		let input = data;
		const pane = this.options.pane();
		const live = session.status === 'running';
		if (containsMouseReport(input) && (pane?.modes.mouse === 'none' || !live)) {
			input = this.mouse.take(input, host.layout.paneX, this.options.copyMode);
			if (input === '') {
				return;
			}
		}

		if (host.readOnly) {
			host.flash('Read-only: typing does not reach the session');
			return;
		}

		if (!live) {
			// Exited or restorable: one story for both. Enter (or r) offers to run it again, and asks first: a stray
			// key must not restart an agent (a resume) and have the rest of the typing go into it.
			if (decodeKeys(input).some(key => key.name === 'return' || key.name === 'r')) {
				confirmRestore(session, host);
			} else {
				host.flash(`${session.name} is not running: Enter restores it, ${host.prefixName} x removes it`);
			}

			return;
		}

		if (this.options.holdTyped(session.id, input)) {
			return;
		}

		if (pane) {
			if (containsMouseReport(input)) {
				const {layout} = host;
				input = translateMouse(input, {x: layout.paneX, y: 0, columns: layout.paneColumns, rows: layout.paneRows}, pane.modes.mouseEncoding);
				if (input === '') {
					return;
				}
			}

			// Keys come in the encoding the user's terminal was asked for; the program may want another (keyboard.ts).
			input = translateKeys(input, this.options.outerKeyboard(), programKeyboard(pane));
		}

		if (input.length <= typedInputChars) {
			// Typing goes as a notification: no reply for this process to read between the key and its echo (the
			// session's state says whether it can take keys; one it cannot is dropped by the daemon).
			host.client.notify('session.input', {session: session.id, data: input});
			return;
		}

		// A paste is sent as a request, so a refusal (a program that reads nothing, a session gone) is said.
		host.client.request('session.input', {session: session.id, data: input}).catch((error: Error) => {
			host.flash(error.message);
		});
	}

	/** The pane's keys: the prefix and what follows it are the key table's, the rest goes to the session. */
	private paneInput(data: string): void {
		for (const action of this.prefixMachine.feed(data)) {
			if (action.type === 'send') {
				if (!this.options.host.layout.tooSmall) {
					this.sendToSession(action.data);
				}

				continue;
			}

			this.runBinding(action.key);
			// What followed the command in the same read is for what the command opened (a prompt, a
			// confirmation), not the session: prefix , then a name, prefix x then y, a paste of keys.
			if (action.rest !== '') {
				this.input(action.rest);
			}
		}
	}

	private runBinding(key: Key): void {
		const {host} = this.options;
		const binding = lookupBinding(key);
		if (host.layout.tooSmall && !binding?.whenTooSmall) {
			return;
		}

		if (!binding) {
			host.flash(`${host.prefixName} ${describeKey(key)} is not a command; ${host.prefixName} ? lists them`);
		} else if (binding.changes && host.readOnly) {
			host.flash(`Read-only: ${host.prefixName} ${describeKey(key)} would change the session`);
		} else {
			host.perform(binding.action, key);
		}
	}

	/** No session yet: Enter starts the default command, and what follows it is typed into that session. */
	private typeAhead(data: string): void {
		if (this.typedAhead) {
			this.typedAhead.push(data);
			return;
		}

		const enter = data.indexOf('\r');
		if (enter !== -1) {
			this.typedAhead = [data.slice(enter + 1)];
			this.options.host.createSession({});
		}
	}

	private disconnectedKeys(data: string): void {
		for (const key of decodeKeys(data)) {
			if (key.name === 'r') {
				this.options.reconnect();
			} else if (key.name === 'q' || (key.ctrl && key.name === 'c')) {
				this.options.quit();
			}
		}
	}
}
