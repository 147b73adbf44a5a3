// What the TUI's pieces (modes, prefix actions, prompt commands) may ask of the controller that wires them. One
// interface, so that each piece is written and tested against it alone (test/tui/ drives them with a fake host).
import type {RpcClient} from '../client.js';
import type {SessionInfo} from '../protocol.js';
import type {Action} from './bindings.js';
import type {Key} from './keys.js';
import type {Layout} from './layout.js';
import type {Mode} from './modes/mode.js';
import type {SessionStore} from './session-store.js';

export type NewSessionRequest = {
	name?: string | undefined;
	cwd?: string | undefined;
	command?: string | undefined;
	args?: string[];
	host?: string | undefined;
};

export type TuiHost = {
	readonly mode: Mode;
	readonly store: SessionStore;
	readonly client: RpcClient;
	/** The configured hosts (empty without any). */
	readonly hostNames: readonly string[];
	/** What a new session runs when no command is given. */
	readonly defaultCommand: string;
	/** Attached read-only: nothing that changes a session is done. */
	readonly readOnly: boolean;
	/** The prefix as the user knows it (`C-b`), and as a key. */
	readonly prefixName: string;
	readonly prefixKey: Key;
	readonly layout: Layout;
	setMode(mode: Mode): void;
	/** Input for whatever mode is on now (the rest of a read, after a key changed the mode). */
	input(data: string): void;
	select(id: string | undefined): void;
	selectRelative(step: number): void;
	/** A prefix key's action (actions.ts); `key` is the key that asked for it (prefix 3 selects the third session). */
	perform(action: Action, key?: Key): void;
	openCopyMode(): void;
	/** prefix z: the sidebar hidden or shown again. */
	toggleSidebar(): void;
	/** prefix d: the TUI leaves, the sessions run on (with an embedded daemon it asks first). */
	detach(): void;
	createSession(request: NewSessionRequest, onError?: (message: string) => void): void;
	restoreSession(session: SessionInfo): void;
	/** A message in the status bar, for `durationMs` (0: until the next one). */
	flash(message: string, durationMs?: number): void;
};
