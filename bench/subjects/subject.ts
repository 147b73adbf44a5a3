// What every measurement needs from a multiplexer, so one measurement module serves claude-tui and tmux alike.
import type {OuterTerminal} from '../harness/outer-terminal.js';
import type {Teardown} from '../harness/teardown.js';

export type Size = {cols: number; rows: number};

/** How to reach this machine over ssh as if it were another one (bench/harness/sshd.ts). */
export type SshEndpoint = {destination: string; sshCommand: string};

export type SubjectName = 'claude-tui' | 'tmux';

export type WorldContext = {
	/** A private directory for this world's socket, state and logs (removed by the run's teardown). */
	directory: string;
	/** Where sessions start. */
	cwd: string;
	teardown: Teardown;
	/** When set, claude-tui's daemon and TUI write CPU profiles (node --cpu-prof) here as they exit. */
	profileDirectory?: string | undefined;
};

/** One private server (a claude-tui daemon or a tmux server) with its sessions. */
export type World = {
	readonly subject: SubjectName;
	/** Keys that switch an attached client to the next session. */
	readonly nextSessionKeys: string;
	readonly detachKeys: string;
	/** The server process (the daemon, or the tmux server). */
	serverPid(): Promise<number>;
	/** The size a session gets when shown in an outer terminal of `outer` size (the pane, not the whole screen). */
	paneSize(outer: Size): Size;
	createSession(name: string, command: string, args: string[], size: Size): Promise<void>;
	removeSession(name: string): Promise<void>;
	/** Types text into a session through the server, as `claude-tui send` / `tmux send-keys -l` do. */
	type(name: string, text: string): Promise<void>;
	/** The session's screen as text. */
	capture(name: string): Promise<string>;
	/** The command a script runs to list the sessions (`claude-tui ls`, `tmux ls`), and its environment. */
	listCommand(): {command: string; args: string[]; env: NodeJS.ProcessEnv};
	/** A client attached to `name`, running on an outer terminal of `outer` size. */
	attach(name: string, outer: Size): OuterTerminal;
	/**
	The same through ssh: the server stands for another machine reached at `ssh.destination` (claude-tui: the TUI
	with that host configured, `attach HOST:name`; tmux: `ssh -t HOST tmux attach`).
	*/
	attachOverSsh(name: string, outer: Size, ssh: SshEndpoint): OuterTerminal;
	/** A persistent control connection (claude-tui's JSON-RPC socket, a tmux control-mode client). */
	openControl(): Promise<ControlChannel>;
	/** Stops the server and everything in it. Never throws. */
	close(): Promise<void>;
};

export type ControlChannel = {
	/** What one round trip is, in words, for the report. */
	readonly roundTripDescription: string;
	/** One cheap request and its answer. */
	roundTrip(): Promise<void>;
	/** Milliseconds from the request that creates a session to the first byte of its output reaching us. */
	createUntilOutput(name: string, command: string, args: string[], size: Size): Promise<number>;
	removeSession(name: string): Promise<void>;
	close(): void;
};

export type Subject = {
	readonly name: SubjectName;
	/** The version, or undefined when this subject is not installed. */
	version(): Promise<string | undefined>;
	open(context: WorldContext): Promise<World>;
};
