// The TUI's modes: what keys do and what is drawn over the pane, one object per mode (modes/index.ts lists them). A
// new mode is a new file and a line in that list; the controller routes input and the view draws through them.
import type {CopySession} from '../copy-session.js';
import type {LineEdit} from '../line-editor.js';
import type {Key} from '../keys.js';
import type {TuiHost} from '../host.js';

export type SessionField = 'name' | 'cwd' | 'command';

export type Mode =
	| {type: 'pane'}
	| {type: 'sidebar'; returnTo: string | undefined}
	| {type: 'copy'; copy: CopySession}
	| {type: 'help'}
	| {type: 'new'; fields: Record<SessionField, LineEdit>; focused: SessionField | 'host'; host: string | undefined; error?: string | undefined}
	| {type: 'rename'; sessionId: string; line: LineEdit; error?: string | undefined}
	| {type: 'prompt'; line: LineEdit; error?: string | undefined}
	// `swallow`: the keys typed after the answer in the same read are dropped (they were typed at a program that is not
	// running: a stray r, then the rest of a command line).
	| {type: 'confirm'; message: string; onYes: () => void; swallow?: boolean};

export type ModeOf<T extends Mode['type']> = Extract<Mode, {type: T}>;

export type ModeBehavior<M extends Mode> = {
	/** Raw input, for the modes that read it whole (the pane's prefix machine, copy mode's mouse). */
	input?(mode: M, data: string, host: TuiHost): void;
	/** One key at a time, for the rest; a key that leaves the mode hands what follows it to the next mode. */
	key?(mode: M, key: Key, host: TuiHost): void;
	/** Whether the keys after this one in the same read are dropped (see the confirm mode's `swallow`). */
	swallowsRest?(mode: M): boolean;
	/** A box drawn over the middle of the pane. */
	overlay?(mode: M, width: number, host: TuiHost): string[] | undefined;
	/** What is drawn instead of the pane. */
	screen?(mode: M, width: number, height: number, host: TuiHost): string[];
	/** The status bar's word for the mode. */
	label?(mode: M, host: TuiHost): string | undefined;
};

export function isCancel(key: Key): boolean {
	return key.name === 'escape' || (key.ctrl && key.name === 'c');
}

export function isEnter(key: Key): boolean {
	return key.name === 'return' || key.name === 'enter';
}
