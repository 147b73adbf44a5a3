// What the TUI controller is given (run.tsx reads the flags and the config file into it), and how it ends.
import type {RpcClient} from '../client.js';
import type {NotifySettings} from './attention.js';
import type {CopyKeys} from './copy-keys.js';
import type {HostBoard} from './hosts.js';
import type {TuiState} from './tui-state.js';

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
