// The real Codex CLI (the pinned npm package) in claude-tui sessions, against a local mock of the OpenAI Responses
// API, in each launch mode at once: started as `codex`, typed into a shell, and its binary under another name.
// Every scenario's state sequence is asserted (the real changes, nothing more; never idle while a dialog shows), and
// the lags with 1 s of slack each (a dialog reads waiting within 0.5 s, a turn's end idle within 2 s, Esc
// idle within 1 s); then a SIGKILL of the daemon, and a restore that must resume the conversation Codex was on.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import type {SessionInfo} from '../source/protocol.js';
import {type ScenarioOutcome, expectedSequences, scenarioNames} from './helpers/agent-scenarios.js';
import {type CodexMode, type CodexSession, CodexWorld, codexModes} from './helpers/codex-world.js';
import {processGone, waitFor} from './helpers/daemon.js';

// The product's promises, and the slack a loaded 2-core CI machine gets on top of each.
const slackMs = 1000;
const promisedMs = {waiting: 500, idle: 2000, esc: 1000};

let world: CodexWorld;
const sessions = new Map<CodexMode, CodexSession>();
const outcomes = new Map<CodexMode, ScenarioOutcome[]>();

before(async () => {
	world = await CodexWorld.start();
	await world.daemon();
});

after(async () => {
	await world?.close();
});

function describeOutcome(mode: CodexMode, outcome: ScenarioOutcome, session: CodexSession): string {
	const reasons = session.watch.reasons.map(({value}) => value).join(', ');
	return `${mode} ${outcome.scenario}: states ${outcome.sequence.join(' ')}, lags ${JSON.stringify(outcome.lags)}; reasons so far: ${reasons}\n${session.watch.text()}`;
}

test('every scenario in every launch mode: the real state changes and nothing more, within the promised lags', {timeout: 240_000}, async () => {
	await Promise.all(codexModes.map(async mode => {
		const session = await world.launch(mode);
		sessions.set(mode, session);
		const results: ScenarioOutcome[] = [];
		for (const scenario of scenarioNames) {
			// eslint-disable-next-line no-await-in-loop
			results.push(await session.driver.scenario(scenario));
		}

		outcomes.set(mode, results);
	}));

	for (const mode of codexModes) {
		const session = sessions.get(mode)!;
		for (const outcome of outcomes.get(mode)!) {
			const what = describeOutcome(mode, outcome, session);
			assert.match(outcome.sequence.join(' '), expectedSequences[outcome.scenario], what);
			assert.equal(outcome.idleWhileWaitingMs, 0, `idle while a dialog showed: ${what}`);
			for (const {truth, ms} of outcome.lags) {
				if (truth === 'waiting') {
					assert.ok(ms <= promisedMs.waiting + slackMs, `a dialog read waiting ${ms} ms after it showed: ${what}`);
				} else if (truth === 'idle') {
					const promise = outcome.scenario === 'esc' ? promisedMs.esc : promisedMs.idle;
					assert.ok(ms <= promise + slackMs, `idle ${ms} ms after the turn ended: ${what}`);
				}
			}
		}

		// Whose rules and why: Codex's in every mode, by the command or by what its screen shows; at its prompt, its
		// composer (or its title, which agrees).
		const {stateReason} = await session.client.request<SessionInfo>('session.get', {session: session.info.id});
		assert.equal(stateReason.agent, 'codex', `${mode}: ${JSON.stringify(stateReason)}`);
		assert.equal(stateReason.agentFrom, mode === 'command' ? 'command' : 'screen');
		assert.ok(stateReason.rule === 'codex.composer' || stateReason.rule === 'codex.title', `${mode} at its prompt: ${JSON.stringify(stateReason)}`);
	}

	// Two turns are one conversation: the model was sent both.
	const second = world.mock.requests.filter(request => request.source === 'user' && request.userTexts.at(-1) === 'plain turn two');
	assert.equal(second.length, codexModes.length);
	for (const request of second) {
		assert.ok(request.userTexts.includes('plain turn one'), JSON.stringify(request.userTexts));
	}
});

test('after /clear and a SIGKILL of the daemon, restore resumes the conversation Codex was on, in every launch mode', {timeout: 180_000}, async () => {
	assert.equal(sessions.size, codexModes.length, 'the scenarios ran first');
	const threads = new Map<CodexMode, string>();
	await Promise.all(codexModes.map(async mode => {
		const {driver} = sessions.get(mode)!;
		await driver.input('/clear');
		await new Promise(resolve => {
			setTimeout(resolve, 150);
		});
		await driver.input('\r');
		// Codex starts the new thread after it clears the screen: Enter typed before its composer is back is lost.
		await driver.until('the cleared screen', () => !/plain turn two/.test(driver.watch.text()) && /Ask Codex to do anything/.test(driver.watch.text()) && driver.watch.state === 'idle', 20_000);
		await new Promise(resolve => {
			setTimeout(resolve, 500);
		});
		await driver.prompt(`plain after the clear in ${mode}`);
		await driver.untilIdle();
		threads.set(mode, world.mock.requests.findLast(request => request.userTexts.at(-1) === `plain after the clear in ${mode}`)!.threadId);
		// Long enough for the daemon to have looked at the agent since (it does 1.5 s after an Enter, and on every change).
		await new Promise(resolve => {
			setTimeout(resolve, 2000);
		});
	}));

	const pid = await world.sandbox.daemonPid();
	process.kill(pid, 'SIGKILL');
	await waitFor(() => processGone(pid), {message: 'the daemon to die'});
	await world.daemon();
	const client = await world.connect();
	await Promise.all(codexModes.map(async mode => {
		const before = sessions.get(mode)!;
		const listed = await client.request<SessionInfo>('session.get', {session: before.info.name});
		assert.equal(listed.status, 'restorable', mode);
		const info = await client.request<SessionInfo>('session.restore', {session: before.info.name});
		const session = await world.watchAgain(before, info);
		sessions.set(mode, session);
		await session.driver.until(`Codex resumed (${mode})`, () => session.watch.truth === 'idle' && /plain after the clear/.test(session.watch.text()), 60_000);
		await session.driver.prompt(`plain recall in ${mode}`);
		await session.driver.untilIdle();
	}));

	for (const mode of codexModes) {
		const recall = world.mock.requests.find(request => request.userTexts.at(-1) === `plain recall in ${mode}`);
		assert.ok(recall, `${mode}: the resumed Codex asked the model`);
		assert.equal(recall.threadId, threads.get(mode), `${mode}: the same thread as after /clear`);
		assert.ok(recall.userTexts.includes(`plain after the clear in ${mode}`), `${mode} resumed the conversation after /clear: ${JSON.stringify(recall.userTexts)}`);
		assert.ok(!recall.userTexts.includes('plain turn one'), `${mode} resumed the conversation from before /clear: ${JSON.stringify(recall.userTexts)}`);
	}
});
