// What the real-agent tests assert, shared by the agents that run against a mock: every scenario in every launch mode
// at once, each outcome held to the promises (a dialog reads waiting within 0.5 s and never idle while it
// shows, a turn's end idle within 2 s, Esc idle within 1 s, no state change beyond the real ones), with 1 s of slack
// for a loaded 2-core CI machine; then the daemon SIGKILLed and every session restored.
import assert from 'node:assert/strict';
import type {SessionInfo} from '../../source/protocol.js';
import {type ScenarioOutcome, type ScreenTruth, expectedSequences, scenarioNames} from './agent-scenarios.js';
import type {AgentSession, AgentWorld} from './agent-world.js';
import {processGone, waitFor} from './daemon.js';

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
			// eslint-disable-next-line no-await-in-loop
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

/** SIGKILLs the daemon, starts another, and restores every session (each must be listed restorable); the new sessions. */
export async function killAndRestore<Mode extends string>(world: AgentWorld<Mode, {close(): Promise<void>}>, sessions: ReadonlyMap<Mode, AgentSession<Mode>>): Promise<Map<Mode, AgentSession<Mode>>> {
	const pid = await world.sandbox.daemonPid();
	process.kill(pid, 'SIGKILL');
	await waitFor(() => processGone(pid), {message: 'the daemon to die'});
	await world.daemon();
	const client = await world.connect();
	const restored = new Map<Mode, AgentSession<Mode>>();
	await Promise.all([...sessions].map(async ([mode, before]) => {
		const listed = await client.request<SessionInfo>('session.get', {session: before.info.name});
		assert.equal(listed.status, 'restorable', mode);
		const info = await client.request<SessionInfo>('session.restore', {session: before.info.name});
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
	const drawnSince = () => {
		const text = watch.text();
		const banner = text.lastIndexOf('── restored ');
		return truth(banner === -1 ? text : text.slice(text.indexOf('\n', banner) + 1)) === 'idle';
	};

	await driver.until(`the agent resumed (${session.mode})`, () => drawnSince() && watch.state === 'idle' && shows.test(watch.text()), 60_000);
}

export const pause = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});
