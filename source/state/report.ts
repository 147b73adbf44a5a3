// `claude-tui report <state>`: an agent (Claude Code's hooks) tells the daemon what it is doing. It runs inside a
// session, so CLAUDE_TUI_SESSION and CLAUDE_TUI_SOCKET say where to report. It must never hold up or break the
// agent: every step has a deadline, nothing starts a daemon, and failure is a message, never an exception.
import type {Readable} from 'node:stream';
import {DaemonClient} from '../client.js';
import type {ReportedState} from './detector.js';
import {adapterById} from '../agents/registry.js';

export const reportedStates: readonly ReportedState[] = ['busy', 'waiting', 'idle'];

export type ReportOptions = {
	state: string;
	/** The hook event (or any word saying what happened), shown by `claude-tui explain`. */
	event?: string | undefined;
	/** Whose hook this is, so its payload is read as that agent means it (default claude). */
	agent?: string | undefined;
	env: NodeJS.ProcessEnv;
	/** The hook's JSON payload arrives here (Claude Code writes it to the hook's stdin); a TTY is not read. */
	stdin?: (Readable & {isTTY?: boolean}) | undefined;
	/** The whole report, connection included, gives up after this long. Default 2000 ms. */
	timeoutMs?: number;
};

export type ReportOutcome = {ok: boolean; message: string};

export class ReportUsageError extends Error {}

/** Checks the state word, so a typo in a hook configuration is an error a person sees. */
export function parseReportedState(word: string): ReportedState {
	const state = reportedStates.find(candidate => candidate === word.toLowerCase());
	if (!state) {
		throw new ReportUsageError(`Unknown state "${word}": report one of ${reportedStates.join(', ')}`);
	}

	return state;
}

/** Sends one report. Throws only ReportUsageError (a bad state word); everything else is an outcome. */
export async function report(options: ReportOptions): Promise<ReportOutcome> {
	const fallback = parseReportedState(options.state);
	const session = options.env['CLAUDE_TUI_SESSION'];
	const socket = options.env['CLAUDE_TUI_SOCKET'];
	if (!session || !socket) {
		return {ok: false, message: 'not inside a claude-tui session (CLAUDE_TUI_SESSION or CLAUDE_TUI_SOCKET is not set); nothing reported'};
	}

	const timeoutMs = options.timeoutMs ?? 2000;
	const deadline = Date.now() + timeoutMs;
	const payload = await readPayload(options.stdin, Math.min(1000, timeoutMs / 2));
	// The payload knows best (Claude's idle reminder is a Notification that means idle); the arguments are the fallback.
	const adapter = adapterById(options.agent ?? 'claude');
	const interpreted = payload === undefined || !adapter?.interpretHook ? {state: fallback, detail: 'report'} : adapter.interpretHook(payload, fallback);
	if (!interpreted) {
		return {ok: true, message: 'nothing to report for this event'};
	}

	const detail = interpreted.detail === 'report' || interpreted.detail === 'hook' ? options.event ?? interpreted.detail : interpreted.detail;
	const conversationId = 'conversationId' in interpreted ? interpreted.conversationId : undefined;
	let client: DaemonClient | undefined;
	try {
		const work = (async () => {
			client = await DaemonClient.connect(socket);
			await client.request('session.report', {session, state: interpreted.state, detail, ...(conversationId === undefined ? {} : {conversationId})});
		})();
		await withDeadline(work, deadline - Date.now());
		return {ok: true, message: interpreted.state === undefined ? `reported conversation ${conversationId ?? ''}` : `reported ${interpreted.state}`};
	} catch (error) {
		return {ok: false, message: `could not report to ${socket}: ${(error as Error).message}`};
	} finally {
		client?.destroy();
	}
}

/** The hook's JSON payload from stdin, or undefined when there is none (a TTY, nothing, not JSON, too slow). */
async function readPayload(stdin: ReportOptions['stdin'], timeoutMs: number): Promise<unknown> {
	if (!stdin || stdin.isTTY) {
		return undefined;
	}

	const text = await new Promise<string>(resolve => {
		let data = '';
		const finish = () => {
			clearTimeout(timer);
			stdin.off('data', onData);
			stdin.off('end', finish);
			stdin.off('error', finish);
			stdin.pause();
			resolve(data);
		};

		const onData = (chunk: Buffer | string) => {
			data += String(chunk);
			// A hook payload is a few KB; anything huge is not one.
			if (data.length > 1024 * 1024) {
				data = '';
				finish();
			}
		};

		const timer = setTimeout(finish, timeoutMs);
		stdin.on('data', onData);
		stdin.once('end', finish);
		stdin.once('error', finish);
	});
	if (text.trim() === '') {
		return undefined;
	}

	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			reject(new Error(`no answer within ${Math.round(ms)} ms`));
		}, Math.max(0, ms));
	});
	try {
		return await Promise.race([work, timeout]);
	} finally {
		clearTimeout(timer);
	}
}
