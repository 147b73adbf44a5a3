// Screen rules from the config file cannot stall the daemon: a pattern that backtracks exponentially on V8
// (`^(a+)+$` against a row of a's and a '!') runs on a linear-time engine, in the detector and in a real daemon.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {parseAgentProfiles} from '../../source/state/profile-config.js';
import {builtInProfiles} from '../../source/agents/registry.js';
import {matchScreen, type ScreenView} from '../../source/state/rules.js';
import {profilePatternSources} from '../../source/state/safe-pattern.js';
import {makeDaemonSandbox, type DaemonSandbox, waitFor} from '../helpers/daemon.js';

const catastrophic = {id: 'evil', commands: ['evil'], rules: [{id: 'evil.as', state: 'waiting', line: '^(a+)+$'}]};
const parse = (value: unknown) => parseAgentProfiles(value, message => new Error(message));
const row = (text: string): ScreenView => ({rows: [text], cursorX: text.length, cursorY: 0, beforeCursor: text});

test('a user rule that backtracks exponentially on V8 answers at once (it took V8 longer than the test may run)', {timeout: 30_000}, () => {
	const [profile] = parse([catastrophic]);
	// 2^40 steps for a backtracking engine.
	assert.equal(matchScreen(profile!, row(`${'a'.repeat(40)}!`)), undefined);
	assert.deepEqual(matchScreen(profile!, row('a'.repeat(40))), {state: 'waiting', rule: 'evil.as'});
});

test('the config file\'s patterns keep JavaScript\'s escapes and case-insensitivity; the first group is the detail', () => {
	const [profile] = parse([{id: 'mine', commands: ['mine'], rules: [
		{id: 'mine.ask', state: 'waiting', line: String.raw`^\u2714 CONTINUE\?`, detail: String.raw`(\w+)\?`},
	]}]);
	assert.deepEqual(matchScreen(profile!, row('✔ continue?')), {state: 'waiting', rule: 'mine.ask', detail: 'continue'});
});

test('lookahead in the config file is refused with the rule\'s path, unless it is a built-in pattern copied as it is', () => {
	assert.throws(() => parse([{id: 'x', commands: ['x'], rules: [{id: 'x.a', state: 'busy', line: '^(?=a)a'}]}]), /^Error: agents\[0\]\.rules\[0\]\.line: invalid regular expression: .*lookahead, lookbehind and backreferences are not supported/);
	// `claude-tui rules --json` prints built-in profiles as the config file takes them; a copy must load.
	const withLookahead = builtInProfiles.flatMap(profile => profilePatternSources(profile)).find(source => source.includes('(?='));
	assert.ok(withLookahead, 'a built-in pattern with lookahead');
	assert.doesNotThrow(() => parse([{id: 'copy', commands: ['copy'], rules: [{id: 'copy.a', state: 'busy', line: withLookahead}]}]));
});

describe('a daemon with a catastrophic user rule', () => {
	let sandbox: DaemonSandbox;
	before(async () => {
		sandbox = await makeDaemonSandbox();
		const config = path.join(sandbox.directory, 'config', 'claude-tui', 'config.json');
		fs.mkdirSync(path.dirname(config), {recursive: true});
		fs.writeFileSync(config, JSON.stringify({agents: [{...catastrophic, commands: ['sh']}]}));
		await sandbox.startForeground();
	});
	after(async () => {
		await sandbox.cleanup();
	});

	test('keeps answering while a session shows the row that hangs V8, and stops when asked', async () => {
		await sandbox.ok(['new', '--name', 'as', '--', 'sh', '-c', `printf '%s!\\n' ${'a'.repeat(34)}; printf '%s\\n' ${'a'.repeat(34)}; exec sleep 60`]);
		await waitFor(async () => (await sandbox.ok(['capture', 'as'])).split('\n').includes('a'.repeat(34)), {message: 'the rows on screen'});
		// The rule looked at the screen (it matches the second row) and the daemon still answers.
		await sandbox.ok(['wait', 'as', '--until', 'waiting', '--timeout', '10']);
		assert.match(await sandbox.ok(['explain', 'as']), /decided by +screen rule evil\.as$/m);
		const pid = await sandbox.daemonPid();
		await sandbox.ok(['stop-daemon']);
		await waitFor(() => {
			try {
				process.kill(pid, 0);
				return false;
			} catch {
				return true;
			}
		}, {message: 'the daemon to stop'});
	});
});
