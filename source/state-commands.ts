// The agent-state subcommands: `report` (for hooks), `explain` (why a session shows its state) and `wait` (for
// scripts). Their table entries and flags are spread into cli.tsx's, which dispatches here.
import process from 'node:process';
import type {AnyFlags} from 'meow';
import type {RpcClient} from './client.js';
import {type CommandSpec, describeState, UsageError, type Output} from './commands.js';
import {loadConfig} from './config.js';
import {escapeControls} from './display-text.js';
import {configFile} from './paths.js';
import type {AgentState, NotificationArgs, SessionInfo, StateReason} from './protocol.js';
import {claudeHookSettings} from './agents/claude-code.js';
import {builtInProfiles, profileCatalog, profileForCommand} from './agents/registry.js';
import {hookReportCommand} from './state/hooks.js';
import {report, ReportUsageError} from './state/report.js';
import type {AgentProfile} from './state/rules.js';

export const stateFlags = {
	event: {type: 'string'},
	until: {type: 'string', shortFlag: 'u'},
	timeout: {type: 'number', shortFlag: 't'},
	// The TUI's: which background-session events notify, and how.
	notify: {type: 'string'},
	notifyWith: {type: 'string'},
} satisfies AnyFlags;

/** Help lines for the TUI's notification flags. */
export const notifyFlagHelp = [
	'--notify EVENTS     Background sessions that start waiting, finish (idle) or exit notify you: waiting,idle,exited or none (default waiting)',
	'--notify-with WAYS  bell, osc9 (desktop notification: iTerm2, WezTerm, Ghostty, kitty), osc777 (VTE, foot) (default bell,osc9)',
];

type StateFlagName = keyof typeof stateFlags | 'socket' | 'json';

export const stateCommandTable: Record<'report' | 'explain' | 'wait' | 'hooks' | 'rules', CommandSpec<StateFlagName>> = {
	report: {
		usage: 'claude-tui report STATE [--event EVENT]',
		description: 'Tell the daemon what the program in this session is doing: busy, waiting or idle. Made for hooks (claude-tui passes Claude Code its own): it reports for $CLAUDE_TUI_SESSION to $CLAUDE_TUI_SOCKET, reads a Claude Code hook payload from stdin when one is piped in, never starts a daemon, gives up after 2 s, and exits 0 even when it could not report.',
		flags: ['socket', 'event'],
		flagHelp: ['--event EVENT       What happened (e.g. the hook event, Stop); shown by `claude-tui explain`'],
		arity: [1, 1],
	},
	explain: {
		usage: 'claude-tui explain SESSION [--json]',
		description: 'Say which state a session is in and which signal or screen rule decided it.',
		flags: ['socket', 'json'],
		flagHelp: ['--json              Print the state and its reason as JSON'],
		arity: [1, 1],
	},
	wait: {
		usage: 'claude-tui wait SESSION --until STATE[,STATE…] [--timeout SECONDS]',
		description: 'Wait until a session is in one of the given states (busy, waiting, idle, exited), then exit 0. Exits 1 with a message on timeout, or when the session exits or is removed first.',
		flags: ['socket', 'until', 'timeout'],
		flagHelp: [
			'--until, -u STATES  States to wait for, comma-separated: busy, waiting, idle, exited',
			'--timeout, -t S     Give up after S seconds (default: wait as long as it takes)',
		],
		arity: [1, 1],
	},
	hooks: {
		usage: 'claude-tui hooks',
		description: 'Print the Claude Code settings (hooks only) that claude-tui passes to sessions started as `claude`. For Claude started another way inside a session: claude --settings "$(claude-tui hooks)".',
		flags: ['socket'],
		arity: [0, 0],
	},
	rules: {
		usage: 'claude-tui rules [AGENT] [--json]',
		description: 'Print the agent profiles that decide sessions\' states. The config file\'s ("agents") first, then the built-in ones they do not replace; with --json, as the config file takes them, to copy one as a starting point. Read from the config file now: a running daemon keeps the profiles it started with.',
		flags: ['socket', 'json'],
		flagHelp: ['--json              Print the profiles (or the one named) as JSON'],
		arity: [0, 1],
	},
};

export type StateCommandName = keyof typeof stateCommandTable;

export function isStateCommand(name: string): name is StateCommandName {
	return Object.hasOwn(stateCommandTable, name);
}

export type StateCommandContext = {
	inputs: string[];
	flags: Record<string, unknown>;
	/** The socket the command line chose (flag, $CLAUDE_TUI_SOCKET, config, default). */
	socket: string;
	/** Connects to the daemon, starting one when none runs. */
	connect: () => Promise<RpcClient>;
	output: Output;
};

export async function runStateCommand(name: StateCommandName, context: StateCommandContext): Promise<void> {
	switch (name) {
		case 'report': {
			await reportCommand(context);
			return;
		}

		case 'explain': {
			await withClient(context, async client => explain(client, {session: context.inputs[0] ?? '', json: context.flags['json'] === true}, context.output));
			return;
		}

		case 'wait': {
			const options = {session: context.inputs[0] ?? '', ...parseWaitFlags(context.flags)};
			await withClient(context, async client => waitForState(client, options));
			return;
		}

		case 'hooks': {
			context.output.out(JSON.stringify(claudeHookSettings({reportCommand: hookReportCommand()})));
			return;
		}

		case 'rules': {
			printProfiles({agent: context.inputs[0], json: context.flags['json'] === true}, context.output);
		}
	}
}

async function withClient(context: StateCommandContext, work: (client: RpcClient) => Promise<void>): Promise<void> {
	const client = await context.connect();
	try {
		await work(client);
	} finally {
		client.close();
	}
}

// --- report ---------------------------------------------------------------------------------------------------

async function reportCommand({inputs, flags, socket}: StateCommandContext): Promise<void> {
	try {
		const outcome = await report({
			state: inputs[0] ?? '',
			event: typeof flags['event'] === 'string' ? flags['event'] : undefined,
			// The socket the command line chose ($CLAUDE_TUI_SOCKET unless --socket says otherwise).
			env: {...process.env, CLAUDE_TUI_SOCKET: socket},
			stdin: process.stdin,
		});
		if (!outcome.ok) {
			process.stderr.write(`claude-tui report: ${outcome.message}\n`);
		}
	} catch (error) {
		if (error instanceof ReportUsageError) {
			throw new UsageError(error.message);
		}

		// Never fail loudly: a hook that fails must not disturb the agent.
		process.stderr.write(`claude-tui report: ${(error as Error).message}\n`);
	}
}

// --- explain --------------------------------------------------------------------------------------------------

export async function explain(client: RpcClient, options: {session: string; json: boolean}, {out}: Output): Promise<void> {
	const info = await client.request('session.get', {session: options.session});
	if (options.json) {
		out(JSON.stringify({name: info.name, id: info.id, state: info.state, stateReason: info.stateReason}, undefined, 2));
		return;
	}

	out(explanationText(info));
}

const builtInNames = new Map(builtInProfiles.map(profile => [profile.id, profile.name]));

/** A few lines a person reads: the state, for how long, what decided it, and its detail. */
export function explanationText(info: SessionInfo, now = Date.now()): string {
	// Names, details, titles and commands come from programs and other processes: shown escaped, never acted on.
	return explanationLines(info, now).map(line => escapeControls(line)).join('\n');
}

function explanationLines(info: SessionInfo, now: number): string[] {
	const reason = info.stateReason;
	const since = Date.parse(reason.since);
	const lines = [`${info.name} (${info.id}): ${describeState(info)} for ${formatAge(now - since)}, since ${new Date(since).toLocaleTimeString()}`];
	lines.push(`  decided by  ${describeSignal(reason)}`);
	if (reason.detail !== undefined && reason.signal !== 'title' && reason.signal !== 'exit') {
		lines.push(`  detail      ${reason.detail}`);
	}

	// The daemon says whose rules and why; a daemon from before profiles in the config file did not, so guess as it would.
	const agent = reason.agentName ?? builtInNames.get(reason.agent) ?? reason.agent;
	const byCommand = reason.agentFrom ? reason.agentFrom === 'command' : profileForCommand(info.command).id === reason.agent;
	const chosen = byCommand ? `by the command, ${info.command}` : 'from what the screen shows';
	lines.push(`  rules       ${agent} (${reason.agent}), chosen ${chosen}`);
	return lines;
}

function describeSignal(reason: StateReason): string {
	switch (reason.signal) {
		case 'rule': {
			return reason.rule?.endsWith('.output') ? `output: the screen is changing (${reason.rule})` : `screen rule ${reason.rule ?? '?'}`;
		}

		case 'bell': {
			return 'the terminal bell (BEL) rang, with no prompt on screen: it asks for something';
		}

		case 'title': {
			return `the window title (OSC 0/2) "${reason.detail ?? ''}", rule ${reason.rule ?? '?'}`;
		}

		case 'notification': {
			return 'a desktop notification from the program (OSC 9 / 777 / 99)';
		}

		case 'progress': {
			return 'a progress report from the program (OSC 9;4)';
		}

		case 'hook': {
			return 'a report from the program itself (`claude-tui report`, e.g. a Claude Code hook)';
		}

		case 'quiet': {
			return 'the screen has been still, and no rule says it is working or asking';
		}

		case 'kept': {
			return 'nothing now: no rule matches the screen, so the state stays what decided it last';
		}

		case 'exit': {
			return `the program ended (${reason.detail ?? 'exited'})`;
		}
	}
}

function formatAge(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 60) {
		return `${seconds}s`;
	}

	const minutes = Math.floor(seconds / 60);
	return minutes < 60 ? `${minutes}m ${seconds % 60}s` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

// --- rules ----------------------------------------------------------------------------------------------------

/** The profiles in effect, the config file's first: a block each, or JSON the config file's "agents" takes. */
export function printProfiles(options: {agent: string | undefined; json: boolean}, {out}: Output): void {
	const userProfiles = loadConfig().agents ?? [];
	const {profiles, agents} = profileCatalog(userProfiles);
	const chosen = options.agent === undefined ? profiles : profiles.filter(profile => profile.id === options.agent);
	if (chosen.length === 0) {
		throw new UsageError(`No agent profile "${options.agent}"; there are ${profiles.map(profile => profile.id).join(', ')}`);
	}

	if (options.json) {
		out(JSON.stringify(options.agent === undefined ? chosen : chosen[0], undefined, 2));
		return;
	}

	const fromConfig = new Set(userProfiles.map(profile => profile.id));
	const builtInIds = new Set(builtInProfiles.map(profile => profile.id));
	const blocks = chosen.map(profile => {
		const from = fromConfig.has(profile.id) ? (builtInIds.has(profile.id) ? 'config file, in place of the built-in one' : 'config file') : 'built-in';
		return describeProfile(profile, from, agents.includes(profile));
	});
	const file = configFile();
	blocks.push(`${userProfiles.length === 0 ? `No profiles in ${file}.` : `Profiles from ${file} come first.`} \`claude-tui rules ID --json\` prints one as "agents" in the config file takes it.`);
	out(blocks.join('\n\n'));
}

function describeProfile(profile: AgentProfile, from: string, agent: boolean): string {
	const rules = (['waiting', 'busy', 'idle'] as const).flatMap(state => profile.rules.filter(rule => rule.state === state).map(rule => `${rule.id} (${state})`));
	const title = Object.keys(profile.title ?? {});
	return [
		`${profile.id}: ${profile.name} (${from})`,
		`  commands   ${profile.commands.join(', ') || (profile.id === 'generic' ? 'any other' : 'none')}`,
		`  on screen  ${agent ? (profile.signature ? 'also recognised by its signature inside a shell or another program' : 'no signature: only by its commands') : 'an agent recognised on its screen takes over'}`,
		`  rules      ${rules.join(', ') || 'none'}`,
		...(title.length > 0 ? [`  title      ${title.join(', ')}`] : []),
		`  unmatched  a changing screen: ${profile.whenUnmatchedChanging}; a still one: ${profile.whenUnmatchedQuiet}; starting ends on ${profile.startingEndsOn}`,
	].join('\n');
}

// --- wait -----------------------------------------------------------------------------------------------------

const waitableStates: readonly AgentState[] = ['busy', 'waiting', 'idle', 'exited'];

export type WaitOptions = {session: string; until: AgentState[]; timeoutMs: number | undefined};

export function parseWaitFlags(flags: Record<string, unknown>): Omit<WaitOptions, 'session'> {
	const until = flags['until'];
	if (typeof until !== 'string' || until.trim() === '') {
		throw new UsageError('wait needs --until STATE, one or more of busy, waiting, idle, exited (e.g. --until waiting,idle)');
	}

	const states = until.split(',').map(word => word.trim().toLowerCase()).filter(Boolean);
	const unknown = states.filter(state => !waitableStates.includes(state as AgentState));
	if (unknown.length > 0 || states.length === 0) {
		throw new UsageError(`--until takes busy, waiting, idle or exited (comma-separated), not "${unknown.join(',') || until}"`);
	}

	const timeout = flags['timeout'];
	if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)) {
		throw new UsageError('--timeout takes a number of seconds greater than 0, e.g. --timeout 30');
	}

	return {until: states as AgentState[], timeoutMs: timeout === undefined ? undefined : timeout * 1000};
}

/** Resolves once the session is in one of the states; rejects on timeout, exit, removal or a lost daemon. */
export async function waitForState(client: RpcClient, options: WaitOptions): Promise<void> {
	const target = await client.request('session.get', {session: options.session});
	const wanted = new Set(options.until);
	const describe = () => [...wanted].join(' or ');
	let cleanup = () => {};
	let latest = target;
	const settled = new Promise<void>((resolve, reject) => {
		const check = (info: SessionInfo) => {
			if (wanted.has(info.state)) {
				resolve();
			} else if (info.status === 'exited') {
				reject(new Error(`${info.name} ${describeState(info)} before it was ${describe()}`));
			}
		};

		const onNotification = (...[method, params]: NotificationArgs) => {
			const info = 'session' in params && typeof params.session === 'object' ? params.session : undefined;
			if (info?.id !== target.id) {
				return;
			}

			if (method === 'session.removed') {
				reject(new Error(`${info.name} was removed before it was ${describe()}`));
			} else if (method === 'session.updated' || method === 'session.exited') {
				check(info);
			}
		};

		const onClose = () => {
			reject(new Error('The daemon went away'));
		};

		const timer = options.timeoutMs === undefined
			? undefined
			: setTimeout(() => {
				reject(new Error(`Timed out after ${options.timeoutMs! / 1000} s: ${latest.name} is still ${describeState(latest)}, not ${describe()}`));
			}, options.timeoutMs);
		const track = (...args: NotificationArgs) => {
			const [, params] = args;
			if ('session' in params && typeof params.session === 'object' && params.session.id === target.id) {
				latest = params.session;
			}

			onNotification(...args);
		};

		client.on('notification', track);
		client.on('close', onClose);
		cleanup = () => {
			clearTimeout(timer);
			client.off('notification', track);
			client.off('close', onClose);
		};

		// Subscribing answers with every session as it is now; events after it arrive in order.
		client.request('events.subscribe').then(
			({sessions}) => {
				const now = sessions.find(session => session.id === target.id);
				if (now) {
					latest = now;
					check(now);
				} else {
					reject(new Error(`${target.name} was removed before it was ${describe()}`));
				}
			},
			reject,
		);
	});
	try {
		await settled;
	} finally {
		cleanup();
	}
}
