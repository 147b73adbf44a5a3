// Every command, by name, and how to load it: the entry imports only the module of the command it runs (tmux's
// cmd-*.c, one file per command). '' is the bare `claude-tui` (the TUI).
import type {Command} from './spec.js';

const modules = {
	'': async () => import('./commands/tui.js'),
	attach: async () => import('./commands/attach.js'),
	daemon: async () => import('./commands/daemon.js'),
	status: async () => import('./commands/status.js'),
	'stop-daemon': async () => import('./commands/stop-daemon.js'),
	ls: async () => import('./commands/ls.js'),
	new: async () => import('./commands/new.js'),
	send: async () => import('./commands/send.js'),
	capture: async () => import('./commands/capture.js'),
	kill: async () => import('./commands/kill.js'),
	rm: async () => import('./commands/rm.js'),
	rename: async () => import('./commands/rename.js'),
	bridge: async () => import('./commands/bridge.js'),
	restore: async () => import('./commands/restore.js'),
	replay: async () => import('./commands/replay.js'),
	history: async () => import('./commands/history.js'),
	grep: async () => import('./commands/grep.js'),
	report: async () => import('./commands/report.js'),
	explain: async () => import('./commands/explain.js'),
	wait: async () => import('./commands/wait.js'),
	hooks: async () => import('./commands/hooks.js'),
	rules: async () => import('./commands/rules.js'),
} satisfies Record<string, () => Promise<{command: Command}>>;

export type CommandName = keyof typeof modules;

/** In the order the help lists them. */
export const commandNames = Object.keys(modules) as CommandName[];

export function isCommandName(name: string): name is CommandName {
	return Object.hasOwn(modules, name);
}

export async function loadCommand(name: CommandName): Promise<Command> {
	return (await modules[name]()).command;
}

/**
The words that take a value, of every command's flags: a flag may come before the command's name
(`claude-tui --socket PATH ls`), and finding the name must skip its value without loading every command.
test/cli/flags.test.ts checks that this is every command's value flags, no more, no fewer.
*/
export const valueFlagWords: ReadonlySet<string> = new Set([
	'--socket', '-S', '--name', '-n', '--cwd', '-c', '--host', '--scrollback', '--signal', '-s', '--prefix',
	'--sidebar-width', '--sidebarWidth', '--notify', '--notify-with', '--notifyWith', '--title', '--clipboard',
	'--speed', '--idle-limit', '--idleLimit', '--event', '--until', '-u', '--timeout', '-t',
]);
