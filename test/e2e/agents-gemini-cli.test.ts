// The real Gemini CLI (the pinned npm package) in claude-tui sessions, against a local mock of the Gemini API, in
// each launch mode at once: started as `gemini` (with a session id of claude-tui's choosing), typed into a shell, and
// run by a script under another name. Every scenario's state sequence is asserted (the real changes, nothing more;
// never idle while a dialog shows), and the lags (see helpers/agent-checks.ts); then a SIGKILL of the daemon
// and a restore that must resume the conversation. (After /clear Gemini CLI moves to a session nothing outside it
// names, so that case is not claimed: see source/agents/gemini-cli.ts.)
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {assertEveryScenario, everyScenario, drawnSinceRestore, killAndRestore, untilResumed, worldForFile} from '../helpers/agent-checks.js';
import {type GeminiMode, type GeminiSession, GeminiWorld, geminiModes, geminiScreenTruth} from '../helpers/gemini-world.js';

const theWorld = worldForFile(async () => GeminiWorld.start());
let sessions = new Map<GeminiMode, GeminiSession>();

test('every scenario in every launch mode: the real state changes and nothing more, within the promised lags', {timeout: 240_000}, async () => {
	const world = theWorld();
	const results = await everyScenario(world);
	sessions = new Map([...results].map(([mode, {session}]) => [mode, session]));
	await assertEveryScenario(results, world.mock.requests, {agent: 'gemini', byCommand: 'command', atPrompt: reason => reason.rule === 'gemini.input' || reason.rule === 'gemini.title'});
});

test('after a SIGKILL of the daemon, restore brings back the conversation Gemini CLI was on, in every launch mode', {timeout: 180_000}, async () => {
	assert.equal(sessions.size, geminiModes.length, 'the scenarios ran first');
	const world = theWorld();
	await Promise.all(geminiModes.map(async mode => {
		const {driver} = sessions.get(mode)!;
		await driver.prompt(`plain last words in ${mode}`);
		await driver.untilIdle();
	}));

	sessions = await killAndRestore(world, sessions);
	// The restored Gemini CLI draws the conversation it resumed below the daemon's `── restored ──` line. (A prompt
	// typed right after that was seen not taken on this machine, Enter and all, in any launch mode: an open problem
	// of the resumed CLI's input, not asserted here; see the closing note.)
	await Promise.all(geminiModes.map(async mode => {
		const session = sessions.get(mode)!;
		await untilResumed(session, geminiScreenTruth, /plain last words/);
		assert.match(drawnSinceRestore(session), new RegExp(`Plain answer to "plain last words in ${mode}"`), `${mode}: the resumed Gemini CLI drew its conversation:\n${session.watch.text()}`);
	}));
});
