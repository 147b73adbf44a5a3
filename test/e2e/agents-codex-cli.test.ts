// The real Codex CLI (the pinned npm package) in claude-tui sessions, against a local mock of the OpenAI Responses
// API, in each launch mode at once: started as `codex`, typed into a shell, and its binary under another name.
// Every scenario's state sequence is asserted (the real changes, nothing more; never idle while a dialog shows), and
// the lags (see helpers/agent-checks.ts); then /clear, a SIGKILL of the daemon, and a restore that must resume
// the thread Codex was on after the /clear.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {assertEveryScenario, everyScenario, killAndRestore, pause, untilResumed, worldForFile} from '../helpers/agent-checks.js';
import {type CodexMode, type CodexSession, CodexWorld, codexModes, codexScreenTruth} from '../helpers/codex-world.js';

const theWorld = worldForFile(async () => CodexWorld.start());
let sessions = new Map<CodexMode, CodexSession>();

test('every scenario in every launch mode: the real state changes and nothing more, within the promised lags', {timeout: 240_000}, async () => {
	const world = theWorld();
	const results = await everyScenario(world);
	sessions = new Map([...results].map(([mode, {session}]) => [mode, session]));
	// At its prompt: its own status report (OSC 7501), its composer, or its title, which agree.
	await assertEveryScenario(results, world.mock.requests.filter(request => request.source === 'user'), {agent: 'codex', byCommand: 'command', atPrompt: reason => reason.signal === 'status' || reason.rule === 'codex.composer' || reason.rule === 'codex.title'});
	// Its own status reports (OSC 7501) are read: its dialogs were waiting by its word, before its title said so.
	for (const [mode, {session}] of results) {
		assert.ok(session.watch.reasons.some(({value}) => value === 'waiting status osc.status'), `${mode}: ${session.watch.reasons.map(({value}) => value).join(', ')}`);
	}
});

test('after /clear and a SIGKILL of the daemon, restore resumes the thread Codex was on, in every launch mode', {timeout: 180_000}, async () => {
	assert.equal(sessions.size, codexModes.length, 'the scenarios ran first');
	const world = theWorld();
	const threads = new Map<CodexMode, string>();
	await Promise.all(codexModes.map(async mode => {
		const {driver} = sessions.get(mode)!;
		await driver.input('/clear');
		await pause(150);
		await driver.input('\r');
		// Codex starts the new thread after it clears the screen: Enter typed before its composer is back is lost.
		await driver.until('the cleared screen', () => !/plain turn two/.test(driver.watch.text()) && /Ask Codex to do anything/.test(driver.watch.text()) && driver.watch.state === 'idle', 20_000);
		await pause(500);
		await driver.prompt(`plain after the clear in ${mode}`);
		await driver.untilIdle();
		threads.set(mode, world.mock.requests.findLast(request => request.userTexts.at(-1) === `plain after the clear in ${mode}`)!.threadId);
		// Long enough for the daemon to have looked at the agent since (it does 1.5 s after an Enter, and on every change).
		await pause(2000);
	}));

	sessions = await killAndRestore(world, sessions);
	await Promise.all(codexModes.map(async mode => {
		const session = sessions.get(mode)!;
		const {driver} = session;
		await untilResumed(session, codexScreenTruth, /plain after the clear/);
		await pause(500);
		await driver.prompt(`plain recall in ${mode}`);
		await driver.untilIdle();
	}));

	for (const mode of codexModes) {
		const recall = world.mock.requests.find(request => request.userTexts.at(-1) === `plain recall in ${mode}`);
		assert.ok(recall, `${mode}: the resumed Codex asked the model`);
		assert.equal(recall.threadId, threads.get(mode), `${mode}: the same thread as after /clear`);
		assert.ok(recall.userTexts.includes(`plain after the clear in ${mode}`), `${mode} resumed the conversation after /clear: ${JSON.stringify(recall.userTexts)}`);
		assert.ok(!recall.userTexts.includes('plain turn one'), `${mode} resumed the conversation from before /clear: ${JSON.stringify(recall.userTexts)}`);
	}
});
