// The flags the TUI takes, bare or as `attach`.
import type {CommandContext} from './spec.js';

export const tuiFlags = {
	prefix: {type: 'string'},
	sidebarWidth: {type: 'number'},
	notify: {type: 'string'},
	notifyWith: {type: 'string'},
	readOnly: {type: 'boolean', short: 'r'},
	title: {type: 'string'},
	clipboard: {type: 'string'},
} as const;

export const tuiFlagHelp = [
	'--prefix KEY        Prefix key for the TUI\'s own commands, as tmux writes keys (default C-b; e.g. C-a, M-a, F12)',
	'--sidebar-width N   Sidebar width in columns (default 28)',
	'--read-only, -r     Look only: no typing, resizing or changing sessions (as tmux attach -r)',
	'--notify EVENTS     Background sessions that start waiting, finish (idle) or exit notify you: waiting,idle,exited or none (default waiting)',
	'--notify-with WAYS  bell, osc9 (desktop notification: iTerm2, WezTerm, Ghostty, kitty), osc777 (VTE, foot) (default bell,osc9)',
	'--title on|off      Set the terminal\'s title to the shown session\'s (default on)',
	'--clipboard on|off  Let programs copy to your clipboard (OSC 52; default on)',
];

/** Runs the TUI (loaded only now: React, Ink and the chrome are for it alone). */
export async function startTui({flags, socket}: CommandContext<typeof tuiFlags>, {embedded, session}: {embedded: boolean; session: string | undefined}): Promise<void> {
	const {runTui} = await import('../tui/run.js');
	await runTui({socket, embedded, session, ...flags});
}
