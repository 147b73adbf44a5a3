// The real Claude Code (the pinned npm package, a native binary) in claude-tui sessions, against a local mock of the
// Anthropic API, in each launch mode at once: started as `claude` (hooks), typed into a shell, and the same binary
// under another name. Every scenario's state sequence is asserted (the real changes, nothing more; never idle while
// a dialog shows), and the lags (see helpers/agent-checks.ts: a dialog reads waiting within 0.5 s, a turn's
// end idle within 2 s, 1 s with hooks, Esc idle within 1 s); then /clear, SIGKILL of the daemon, and a restore that
// must resume the conversation Claude was on after the /clear.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {assertEveryScenario, everyScenario, killAndRestore, pause, promisedMs, untilResumed, worldForFile} from '../helpers/agent-checks.js';
import {claudeScreenTruth} from '../helpers/agent-scenarios.js';
import {type ClaudeSession, ClaudeWorld, type LaunchMode, launchModes} from '../helpers/claude-world.js';

const theWorld = worldForFile(async () => ClaudeWorld.start());
let sessions = new Map<LaunchMode, ClaudeSession>();

test('every scenario in every launch mode: the real state changes and nothing more, within the promised lags', {timeout: 240_000}, async () => {
	const world = theWorld();
	const results = await everyScenario(world);
	sessions = new Map([...results].map(([mode, {session}]) => [mode, session]));
	// Whose rules and why: Claude Code's in every mode, by the command or by what its screen shows; the signal named
	// is one that holds now.
	await assertEveryScenario(results, world.mock.requests, {
		agent: 'claude',
		byCommand: 'hooks',
		atPrompt: reason => reason.signal === 'hook' || reason.signal === 'status' || reason.rule === 'claude.prompt-box',
		idlePromiseMs: mode => (mode === 'hooks' ? promisedMs.idleWithHooks : promisedMs.idle),
	});
	// Claude Code asks whether the terminal reads status reports (OSC 7501 ; ?) and, answered, sends them: without
	// hooks its dialogs read waiting by its own word.
	for (const mode of launchModes.filter(mode => mode !== 'hooks')) {
		const {watch} = results.get(mode)!.session;
		assert.ok(watch.reasons.some(({value}) => value === 'waiting status osc.status'), `${mode}: ${watch.reasons.map(({value}) => value).join(', ')}`);
	}
});

test('after /clear and a SIGKILL of the daemon, restore resumes the conversation Claude Code was on, in every launch mode', {timeout: 180_000}, async () => {
	assert.equal(sessions.size, launchModes.length, 'the scenarios ran first');
	const world = theWorld();
	await Promise.all(launchModes.map(async mode => {
		const {driver} = sessions.get(mode)!;
		await driver.prompt('/clear');
		await driver.until('the cleared screen', () => !/plain turn two/.test(driver.watch.text()) && driver.watch.state === 'idle', 20_000);
		await driver.prompt(`plain after the clear in ${mode}`);
		await driver.untilIdle();
		// Long enough for the daemon to have looked at the agent since (it does 1.5 s after an Enter, and on every change).
		await pause(2000);
	}));

	sessions = await killAndRestore(world, sessions);
	await Promise.all(launchModes.map(async mode => {
		const session = sessions.get(mode)!;
		await untilResumed(session, claudeScreenTruth, /plain after the clear/);
		await session.driver.prompt(`plain recall in ${mode}`);
		await session.driver.untilIdle();
	}));

	for (const mode of launchModes) {
		const recall = world.mock.requests.find(request => request.userTexts.at(-1) === `plain recall in ${mode}`);
		assert.ok(recall, `${mode}: the resumed Claude Code asked the model`);
		assert.ok(recall.userTexts.some(text => text.endsWith(`plain after the clear in ${mode}`)), `${mode} resumed the conversation after /clear: ${JSON.stringify(recall.userTexts)}`);
		assert.ok(!recall.userTexts.some(text => text.includes('plain turn one')), `${mode} resumed the conversation from before /clear: ${JSON.stringify(recall.userTexts)}`);
	}
});
