// `claude-tui wait SESSION --until STATE`: for scripts, until a session is busy, waiting, idle or exited.
import type {RpcClient} from '../../client.js';
import type {AgentState, NotificationArgs, SessionInfo} from '../../protocol.js';
import {sessionClient, withClient} from '../connect.js';
import {defineCommand} from '../define.js';
import {UsageError} from '../errors.js';
import {describeState} from '../session-table.js';

export const command = defineCommand({
	usage: 'claude-tui wait SESSION --until STATE[,STATE…] [--timeout SECONDS]',
	description: 'Wait until a session is in one of the given states (busy, waiting, idle, exited), then exit 0. Exits 1 with a message on timeout, or when the session exits or is removed first.',
	flags: {
		until: {type: 'string', short: 'u'},
		timeout: {type: 'number', short: 't'},
	},
	flagHelp: [
		'--until, -u STATES  States to wait for, comma-separated: busy, waiting, idle, exited',
		'--timeout, -t S     Give up after S seconds (default: wait as long as it takes)',
	],
	arity: [1, 1],
	async run({flags, inputs: [session = ''], socket}) {
		const options = {session, ...waitOptions(flags)};
		await withClient(sessionClient(socket, session), async client => waitForState(client, options));
	},
});

const waitableStates: readonly AgentState[] = ['busy', 'waiting', 'idle', 'exited'];

export type WaitOptions = {session: string; until: AgentState[]; timeoutMs: number | undefined};

/** --until and --timeout, checked. */
export function waitOptions(flags: {until: string | undefined; timeout: number | undefined}): Omit<WaitOptions, 'session'> {
	const {until, timeout} = flags;
	if (until === undefined || until.trim() === '') {
		throw new UsageError('wait needs --until STATE, one or more of busy, waiting, idle, exited (e.g. --until waiting,idle)');
	}

	const states = until.split(',').map(word => word.trim().toLowerCase()).filter(Boolean);
	const unknown = states.filter(state => !isWaitable(state));
	if (unknown.length > 0 || states.length === 0) {
		throw new UsageError(`--until takes busy, waiting, idle or exited (comma-separated), not "${unknown.join(',') || until}"`);
	}

	if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) {
		throw new UsageError('--timeout takes a number of seconds greater than 0, e.g. --timeout 30');
	}

	return {until: states.filter(state => isWaitable(state)), timeoutMs: timeout === undefined ? undefined : timeout * 1000};
}

function isWaitable(state: string): state is AgentState {
	return waitableStates.some(waitable => waitable === state);
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
