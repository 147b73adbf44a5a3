// What the real-agent tests assert, shared by the agents that run against a mock: every scenario in every launch mode
// at once, each outcome held to the promises (a dialog reads waiting within 0.5 s and never idle while it
// shows, a turn's end idle within 2 s, Esc idle within 1 s, no state change beyond the real ones), with 1 s of slack
// for a loaded 2-core CI machine; then the daemon SIGKILLed and every session restored.
import assert from 'node:assert/strict';
import {after, before} from 'node:test';
import type {SessionInfo} from '../../source/protocol.js';
import {type ScenarioOutcome, type ScreenTruth, expectedSequences, scenarioNames} from './agent-scenarios.js';
import type {AgentSession, AgentWorld} from './agent-world.js';
import {processGone, waitFor} from './daemon.js';

/** The test file's one world (one mock, one daemon, every mode's session), started before its tests, closed after. */
export function worldForFile<World extends {daemon(): Promise<void>; close(): Promise<void>}>(start: () => Promise<World>): () => World {
	let world: World | undefined;
	before(async () => {
		world = await start();
		await world.daemon();
	});
	after(async () => {
		await world?.close();
	});
	return () => {
		assert.ok(world, 'the world started');
		return world;
	};
}

export const slackMs = 1000;
export const promisedMs = {waiting: 500, idle: 2000, idleWithHooks: 1000, esc: 1000};

export function describeOutcome(outcome: ScenarioOutcome, session: AgentSession<string>): string {
	const reasons = session.watch.reasons.map(({value}) => value).join(', ');
	return `${session.mode} ${outcome.scenario}: states ${outcome.sequence.join(' ')}, lags ${JSON.stringify(outcome.lags)}; reasons so far: ${reasons}\n${session.watch.text()}`;
}

/** Launches the agent in every mode and drives each through every scenario, the modes side by side. */
export async function everyScenario<Mode extends string>(world: AgentWorld<Mode, {close(): Promise<void>}>): Promise<Map<Mode, {session: AgentSession<Mode>; outcomes: ScenarioOutcome[]}>> {
	const results = new Map<Mode, {session: AgentSession<Mode>; outcomes: ScenarioOutcome[]}>();
	await Promise.all(world.modes.map(async mode => {
		const session = await world.launch(mode);
		const outcomes: ScenarioOutcome[] = [];
		results.set(mode, {session, outcomes});
		for (const scenario of scenarioNames) {
			outcomes.push(await session.driver.scenario(scenario));
		}
	}));
	return results;
}

/** The scenario's state sequence is the real one, never idle while a dialog showed, each change within its promise. */
export function assertKept(outcome: ScenarioOutcome, session: AgentSession<string>, idlePromiseMs = promisedMs.idle): void {
	const what = describeOutcome(outcome, session);
	assert.match(outcome.sequence.join(' '), expectedSequences[outcome.scenario], what);
	assert.equal(outcome.idleWhileWaitingMs, 0, `idle while a dialog showed: ${what}`);
	for (const {truth, ms} of outcome.lags) {
		if (truth === 'waiting') {
			assert.ok(ms <= promisedMs.waiting + slackMs, `a dialog read waiting ${ms} ms after it showed: ${what}`);
		} else if (truth === 'idle') {
			const promise = outcome.scenario === 'esc' ? promisedMs.esc : idlePromiseMs;
			assert.ok(ms <= promise + slackMs, `idle ${ms} ms after the turn ended: ${what}`);
		}
	}
}

export type ScenarioExpectations<Mode extends string> = {
	/** The profile every mode must end up with: `codex`. */
	agent: string;
	/** The mode whose session command is the agent (the others are recognised by their screen). */
	byCommand: Mode;
	/** What may decide the state at the agent's prompt: its prompt rule, its title, a hook. */
	atPrompt: (reason: SessionInfo['stateReason']) => boolean;
	/** The promised lag to idle after a turn in a mode (2 s; 1 s with hooks). */
	idlePromiseMs?: (mode: Mode) => number;
};

/**
Every mode kept every promise in every scenario; the agent's rules decide in every mode, chosen by the command or by
its screen, and at its prompt the signal named is one that holds then; and two turns were one conversation (the model
was sent both).
*/
export async function assertEveryScenario<Mode extends string>(
	results: ReadonlyMap<Mode, {session: AgentSession<Mode>; outcomes: ScenarioOutcome[]}>,
	requests: ReadonlyArray<{userTexts: string[]}>,
	expected: ScenarioExpectations<Mode>,
): Promise<void> {
	for (const [mode, {session, outcomes}] of results) {
		for (const outcome of outcomes) {
			assertKept(outcome, session, expected.idlePromiseMs?.(mode));
		}

		const {stateReason} = await session.client.request('session.get', {session: session.info.id});
		assert.equal(stateReason.agent, expected.agent, `${mode}: ${JSON.stringify(stateReason)}`);
		assert.equal(stateReason.agentFrom, mode === expected.byCommand ? 'command' : 'screen', `${mode}: ${JSON.stringify(stateReason)}`);
		assert.ok(expected.atPrompt(stateReason), `${mode} at its prompt: ${JSON.stringify(stateReason)}`);
	}

	const second = requests.filter(request => request.userTexts.at(-1)?.endsWith('plain turn two'));
	assert.equal(second.length, results.size, 'each mode asked the model its second turn once');
	for (const request of second) {
		assert.ok(request.userTexts.some(text => text.endsWith('plain turn one')), `the second turn was sent with the first: ${JSON.stringify(request.userTexts)}`);
	}
}

/** SIGKILLs the daemon, starts another, and restores every session (each must be listed restorable); the new sessions. */
export async function killAndRestore<Mode extends string>(world: AgentWorld<Mode, {close(): Promise<void>}>, sessions: ReadonlyMap<Mode, AgentSession<Mode>>): Promise<Map<Mode, AgentSession<Mode>>> {
	const pid = await world.sandbox.daemonPid();
	process.kill(pid, 'SIGKILL');
	await waitFor(() => processGone(pid), {message: 'the daemon to die'});
	await world.daemon();
	const client = await world.connect();
	const restored = new Map<Mode, AgentSession<Mode>>();
	await Promise.all([...sessions].map(async ([mode, before]) => {
		const listed = await client.request('session.get', {session: before.info.name});
		assert.equal(listed.status, 'restorable', mode);
		const info = await client.request('session.restore', {session: before.info.name});
		restored.set(mode, await world.watchAgain(before, info));
	}));
	return restored;
}

/**
Until the restored agent has drawn itself after the daemon's `── restored … ──` line (the old screen above it shows the
old prompt, which says nothing of the new process) and the screen shows `shows`: keys typed before that are lost.
*/
export async function untilResumed(session: AgentSession<string>, truth: ScreenTruth, shows: RegExp): Promise<void> {
	const {driver, watch} = session;
	await driver.until(`the agent resumed (${session.mode})`, () => {
		const drawn = drawnSinceRestore(session);
		return truth(drawn) === 'idle' && watch.state === 'idle' && shows.test(drawn);
	}, 60_000);
}

/**
What the restored process drew: the screen below the daemon's `── restored ` banner (the history replayed above it
already shows the old conversation), or all of it once the banner has scrolled off or been cleared away.
*/
export function drawnSinceRestore(session: AgentSession<string>): string {
	const text = session.watch.text();
	const banner = text.lastIndexOf('── restored ');
	return banner === -1 ? text : text.slice(text.indexOf('\n', banner) + 1);
}

export const pause = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});
