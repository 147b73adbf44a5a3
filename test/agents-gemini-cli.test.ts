// The real Gemini CLI (the pinned npm package) in claude-tui sessions, against a local mock of the Gemini API, in
// each launch mode at once: started as `gemini` (with a session id of claude-tui's choosing), typed into a shell, and
// run by a script under another name. Every scenario's state sequence is asserted (the real changes, nothing more;
// never idle while a dialog shows), and the lags (see helpers/agent-checks.ts); then a SIGKILL of the daemon
// and a restore that must resume the conversation. (After /clear Gemini CLI moves to a session nothing outside it
// names, so that case is not claimed: see source/agents/gemini-cli.ts.)
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import type {SessionInfo} from '../source/protocol.js';
import {assertKept, everyScenario, killAndRestore, untilResumed} from './helpers/agent-checks.js';
import {type GeminiMode, type GeminiSession, GeminiWorld, geminiModes, geminiScreenTruth} from './helpers/gemini-world.js';

let world: GeminiWorld;
let sessions = new Map<GeminiMode, GeminiSession>();

before(async () => {
	world = await GeminiWorld.start();
	await world.daemon();
});

after(async () => {
	await world?.close();
});

test('every scenario in every launch mode: the real state changes and nothing more, within the promised lags', {timeout: 240_000}, async () => {
	const results = await everyScenario(world);
	for (const [mode, {session, outcomes}] of results) {
		sessions.set(mode, session);
		for (const outcome of outcomes) {
			assertKept(outcome, session);
		}

		const {stateReason} = await session.client.request<SessionInfo>('session.get', {session: session.info.id});
		assert.equal(stateReason.agent, 'gemini', `${mode}: ${JSON.stringify(stateReason)}`);
		assert.equal(stateReason.agentFrom, mode === 'command' ? 'command' : 'screen');
		assert.ok(stateReason.rule === 'gemini.input' || stateReason.rule === 'gemini.title', `${mode} at its prompt: ${JSON.stringify(stateReason)}`);
	}

	const second = world.mock.requests.filter(request => request.userTexts.at(-1) === 'plain turn two');
	assert.equal(second.length, geminiModes.length);
	for (const request of second) {
		assert.ok(request.userTexts.includes('plain turn one'), JSON.stringify(request.userTexts));
	}
});

test('after a SIGKILL of the daemon, restore resumes the conversation Gemini CLI was on, in every launch mode', {timeout: 180_000}, async () => {
	assert.equal(sessions.size, geminiModes.length, 'the scenarios ran first');
	await Promise.all(geminiModes.map(async mode => {
		const {driver} = sessions.get(mode)!;
		await driver.prompt(`plain last words in ${mode}`);
		await driver.untilIdle();
	}));

	sessions = await killAndRestore(world, sessions);
	await Promise.all(geminiModes.map(async mode => {
		const session = sessions.get(mode)!;
		const {driver} = session;
		await untilResumed(session, geminiScreenTruth, /plain last words/);
		// It draws the resumed conversation a moment before it reads keys (seen on a loaded machine).
		await driver.promptWhenEchoed(`plain recall in ${mode}`);
		await driver.untilIdle();
	}));

	for (const mode of geminiModes) {
		const recall = world.mock.requests.find(request => request.userTexts.at(-1) === `plain recall in ${mode}`);
		assert.ok(recall, `${mode}: the resumed Gemini CLI asked the model`);
		assert.ok(recall.userTexts.includes(`plain last words in ${mode}`) && recall.userTexts.includes('plain turn one'), `${mode} resumed its conversation: ${JSON.stringify(recall.userTexts)}`);
	}
});
