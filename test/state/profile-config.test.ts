// Agent profiles from the config file: every bad shape named by its path, defaults and `extends` filled in, and
// the profiles at work in the detector over a real @xterm/headless terminal, before the built-in ones.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {ConfigError, loadConfig} from '../../source/config.js';
import {parseAgentProfiles, profileDefaults} from '../../source/state/profile-config.js';
import {adapterById, builtInProfiles, profileCatalog, profileForCommand} from '../../source/agents/registry.js';
import type {AgentProfile} from '../../source/state/rules.js';
import {Rig} from '../fixtures/state/rig.js';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-profiles-'));
const file = path.join(directory, 'config.json');
after(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

/** The agents a config file holding `agents` gives, read the way the daemon reads it. */
function load(agents: unknown): AgentProfile[] {
	fs.writeFileSync(file, JSON.stringify({agents}));
	return loadConfig(file, {parseAgents: parseAgentProfiles}).agents ?? [];
}

/** The ConfigError a config file holding `agents` raises: its message without the file's path. */
function problem(agents: unknown): string {
	try {
		load(agents);
	} catch (error) {
		assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`);
		assert.ok(error.message.startsWith(`${file}: `), error.message);
		return error.message.slice(file.length + 2);
	}

	assert.fail(`no error for ${JSON.stringify(agents)}`);
}

// The profile the readme shows: a spinner, a y/N question at the cursor, a prompt.
const myAgent = {
	id: 'myagent',
	name: 'My Agent',
	commands: ['myagent'],
	signature: {region: {bottom: 10}, line: String.raw`^myagent v\d`},
	rules: [
		{id: 'myagent.confirm', state: 'waiting', region: 'cursorRow', beforeCursor: String.raw`Apply these changes\? \[y/N\] $`, detail: String.raw`Apply these changes\?`},
		{id: 'myagent.thinking', state: 'busy', region: {bottom: 4}, line: String.raw`^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Thinking`},
		{id: 'myagent.prompt', state: 'idle', region: 'cursorRow', beforeCursor: String.raw`^myagent> $`},
	],
	whenUnmatchedChanging: 'keep',
	startingEndsOn: 'match',
};

const rule = (fields: Record<string, unknown>) => ({id: 'x.rule', state: 'busy', line: 'x', ...fields});
const agent = (fields: Record<string, unknown>) => ({id: 'x', commands: ['x'], ...fields});

test('config: bad agent profiles are refused with the path of the bad field', () => {
	assert.equal(problem({id: 'x'}), 'agents: must be a list of agent profiles, e.g. [{"id": "myagent", "commands": ["myagent"], "rules": [...]}]');
	assert.equal(problem(['x']), 'agents[0]: must be an object');
	assert.match(problem([{commands: ['x']}]), /^agents\[0\]\.id: missing; every profile and rule needs an id/);
	assert.match(problem([agent({id: 'my agent'})]), /^agents\[0\]\.id: must be a word of letters, digits and \. _ : -/);
	assert.match(problem([agent({comands: ['x']})]), /^agents\[0\]: unknown field "comands" \(known: id, extends, name, commands, /);
	assert.match(problem([{id: 'x'}]), /^agents\[0\]: needs "commands" .* or a "signature" .*, or it never applies$/);
	assert.match(problem([{id: 'codex', rules: []}]), /or it never applies; "extends": "codex" starts from the built-in profile$/);
	assert.match(problem([agent({extends: 'claud'})]), /^agents\[0\]\.extends: no built-in profile "claud"; the built-in ones are "codex", "gemini", "claude", /);
	assert.match(problem([agent({commands: ['/usr/bin/x']})]), /^agents\[0\]\.commands\[0\]: must be a command's name without a directory or extension, e.g. "x", not "\/usr\/bin\/x"$/);
	assert.equal(problem([agent({}), agent({id: 'y', commands: ['y', 'X']})]), 'agents[1].commands[1]: "x" is already claimed by agents[0]');
	assert.equal(problem([agent({}), agent({commands: ['y']})]), 'agents[1].id: "x" is already the id of agents[0]');
	assert.equal(problem([agent({whenUnmatchedQuiet: 'busy'})]), 'agents[0].whenUnmatchedQuiet: must be "idle" or "keep", not "busy"');
	assert.equal(problem([agent({startingEndsOn: true})]), 'agents[0].startingEndsOn: must be "output" or "match", not true');

	// Rules: state, region, conditions, patterns, ids.
	const inRules = (...rules: unknown[]) => problem([agent({rules})]);
	assert.equal(inRules(rule({state: 'wating'})), 'agents[0].rules[0].state: must be one of "waiting", "busy", "idle", not "wating"');
	assert.equal(inRules(rule({state: undefined})), 'agents[0].rules[0].state: missing; say which state the rule means: "waiting", "busy", "idle"');
	assert.match(inRules(rule({id: undefined})), /^agents\[0\]\.rules\[0\]\.id: missing/);
	assert.equal(inRules(rule({}), rule({id: 'x.other'}), rule({line: '(unclosed'})), 'agents[0].rules[2].line: invalid regular expression: missing closing ): `(unclosed`, in "(unclosed"');
	// Checked on the engine the detector runs the config file's patterns on: a linear-time one, without lookaround.
	assert.match(inRules(rule({text: '^(?!x)'})), /^agents\[0\]\.rules\[0\]\.text: invalid regular expression: invalid or unsupported Perl syntax: `\(\?!` \(lookahead, lookbehind and backreferences are not supported: patterns from the config file run on a linear-time engine\), in "\^\(\?!x\)"$/);
	assert.match(inRules(rule({detail: '['})), /^agents\[0\]\.rules\[0\]\.detail: invalid regular expression: /);
	assert.equal(inRules(rule({region: 'bottom'})), 'agents[0].rules[0].region: must be "screen", "cursorRow" or {"bottom": N} (the last N non-blank rows, N from 1), not "bottom"');
	assert.match(inRules(rule({region: {bottom: 0}})), /^agents\[0\]\.rules\[0\]\.region: must be .*, not \{"bottom":0\}$/);
	assert.match(inRules(rule({region: {bottom: 2, top: 1}})), /^agents\[0\]\.rules\[0\]\.region: must be /);
	assert.match(inRules(rule({regoin: 'screen'})), /^agents\[0\]\.rules\[0\]: unknown field "regoin" \(known: id, state, /);
	assert.match(inRules(rule({line: undefined})), /^agents\[0\]\.rules\[0\]: a rule needs a condition .*, or it matches every screen$/);
	assert.match(inRules(rule({any: [{line: 'a'}, {txt: 'b'}]})), /^agents\[0\]\.rules\[0\]\.any\[1\]: unknown field "txt"/);
	assert.match(inRules(rule({all: [{not: [{text: String.raw`\p{Nope}`}]}]})), /^agents\[0\]\.rules\[0\]\.all\[0\]\.not\[0\]\.text: invalid regular expression: invalid character class range: `\\p\{Nope\}`/);
	assert.equal(inRules(rule({any: {line: 'a'}})), 'agents[0].rules[0].any: must be a list');
	assert.equal(inRules(rule({line: 3})), 'agents[0].rules[0].line: must be a regular expression, as a string');
	assert.equal(inRules(rule({caseSensitive: 'yes'})), 'agents[0].rules[0].caseSensitive: must be true or false');
	assert.equal(inRules(rule({}), rule({state: 'idle'})), 'agents[0].rules[1].id: "x.rule" is already the id of rules[0]');

	// Signature and title.
	assert.match(problem([agent({signature: {region: {bottom: 5}}})]), /^agents\[0\]\.signature: a signature needs a condition/);
	assert.match(problem([agent({signature: {line: '(?<'}})]), /^agents\[0\]\.signature\.line: invalid regular expression: /);
	assert.match(problem([agent({title: {done: 'x'}})]), /^agents\[0\]\.title: unknown field "done" \(known: waiting, busy, idle\)$/);
	assert.match(problem([agent({title: {busy: '*'}})]), /^agents\[0\]\.title\.busy: invalid regular expression: missing argument to repetition operator/);
});

test('config: a short profile is completed with defaults; extends starts from a built-in one', () => {
	const [minimal] = load([{id: 'tiny', commands: ['Tiny'], rules: [{id: 'tiny.ask', state: 'waiting', line: 'Continue\\?'}]}]);
	assert.deepEqual(minimal, {
		id: 'tiny',
		name: 'tiny',
		commands: ['tiny'],
		rules: [{id: 'tiny.ask', state: 'waiting', region: 'screen', line: 'Continue\\?'}],
		...profileDefaults,
	});

	// Same id as a built-in and extends it: new rules first, a rule with a built-in rule's id replaces it in place,
	// fields not given are the built-in's.
	const codexCli = adapterById('codex')!.profile;
	const [codex] = load([{
		id: 'codex',
		extends: 'codex',
		commands: ['codex', 'codex-nightly'],
		rules: [{id: 'codex.working', state: 'busy', region: {bottom: 3}, line: 'Cooking'}, {id: 'codex.review', state: 'waiting', line: 'Review these changes\\?'}],
	}]);
	assert.deepEqual(codex!.rules.map(({id}) => id), ['codex.review', 'codex.approval', 'codex.menu', 'codex.working', 'codex.composer']);
	assert.equal(codex!.rules.find(({id}) => id === 'codex.working')!.line, 'Cooking');
	assert.deepEqual(codex!.commands, ['codex', 'codex-nightly']);
	assert.equal(codex!.extends, 'codex', 'it remembers what it extends: the codex adapter launches and resumes it');
	assert.deepEqual([codex!.name, codex!.signature, codex!.title, codex!.whenUnmatchedChanging], [codexCli.name, codexCli.signature, codexCli.title, codexCli.whenUnmatchedChanging]);

	// What `claude-tui rules --json` prints is a valid "agents" entry that gives back the same profile.
	for (const builtIn of builtInProfiles) {
		assert.deepEqual(load([JSON.parse(JSON.stringify(builtIn))]), [builtIn], builtIn.id);
	}
});

test('catalog: the user\'s profiles come first, replace built-ins by id, and take a claimed command', () => {
	const catalog = profileCatalog(load([
		myAgent,
		{id: 'aider', commands: ['aider'], rules: [{id: 'aider.mine', state: 'idle', line: 'x'}]},
		{id: 'nightly', extends: 'codex', commands: ['codex']},
	]));
	assert.equal(profileForCommand('myagent', catalog).id, 'myagent');
	assert.equal(profileForCommand('/opt/bin/MyAgent.exe', catalog).id, 'myagent');
	assert.deepEqual(profileForCommand('aider', catalog).rules.map(({id}) => id), ['aider.mine'], 'the built-in aider is replaced');
	assert.equal(profileForCommand('codex', catalog).id, 'nightly', 'the user\'s profile claims codex first');
	assert.equal(profileForCommand('claude', catalog).id, 'claude', 'the other built-ins stay');
	assert.equal(profileForCommand('python3', catalog).id, 'generic');
	assert.deepEqual(catalog.agents.map(({id}) => id), ['myagent', 'aider', 'nightly', 'codex', 'gemini', 'claude', 'opencode']);
	assert.deepEqual(catalog.profiles.map(({id}) => id).slice(-2), ['shell', 'generic']);
	// Without the config file's profiles, myagent is any program.
	assert.equal(profileForCommand('myagent').id, 'generic');
});

test('detector: a user\'s profile decides the state of its command, through a real terminal', async () => {
	const profiles = profileCatalog(load([myAgent]));
	const rig = new Rig('myagent', {profiles});
	await rig.write('myagent v2.1 (type a task)\r\n\r\nmyagent> ');
	assert.equal(rig.state, 'starting', 'startingEndsOn "match": the banner alone says nothing');
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	const {signal, rule: decidedBy, agent: agentId, agentName, agentFrom} = rig.detector.explanation;
	assert.deepEqual([signal, decidedBy, agentId, agentName, agentFrom], ['rule', 'myagent.prompt', 'myagent', 'My Agent', 'command']);

	await rig.after(300, 'fix the parser\r\n');
	for (const [frame, glyph] of [...'⠋⠙⠹⠸⠼⠴'].entries()) {
		// A spinner redrawn in place, in colour, as such CLIs draw it.
		await rig.after(80, `\r\u001B[2K\u001B[36m${glyph}\u001B[0m Thinking (${frame}s)`);
	}

	assert.equal(rig.state, 'busy');
	assert.equal(rig.detector.explanation.rule, 'myagent.thinking');
	await rig.after(80, '\r\u001B[2K\u001B[1mEdited parser.ts (+12 -3)\u001B[0m\r\nApply these changes? [y/N] ');
	assert.equal(rig.state, 'waiting');
	assert.deepEqual([rig.detector.explanation.rule, rig.detector.explanation.detail], ['myagent.confirm', 'Apply these changes?']);
	rig.advance(30_000, 500);
	assert.equal(rig.state, 'waiting', 'a question stays waiting however long');

	// Answered: the question is no longer at the cursor; "keep" holds until the prompt has been still.
	rig.detector.onInput();
	await rig.after(2000, 'y\r\nApplied.\r\n\r\nmyagent> ');
	rig.advance(1600);
	assert.equal(rig.state, 'idle');
	assert.deepEqual(rig.states, ['starting', 'idle', 'busy', 'waiting', 'idle'], rig.text());

	// The same screens under the built-in profiles: only the generic y/n rule knows anything.
	const builtIn = new Rig('myagent');
	await builtIn.write('Apply these changes? [y/N] ');
	assert.deepEqual([builtIn.state, builtIn.detector.explanation.rule, builtIn.detector.agent], ['waiting', 'prompt.yes-no', 'generic']);
	rig.dispose();
	builtIn.dispose();
});

test('detector: a user\'s agent started from a shell is recognised by its signature, and its rules apply', async () => {
	const rig = new Rig('bash', {profiles: profileCatalog(load([myAgent]))});
	await rig.write('$ ');
	rig.advance(1600);
	await rig.after(200, 'myagent\r\nmyagent v2.1 (type a task)\r\n\r\n');
	await rig.after(100, 'Apply these changes? [y/N] ');
	assert.equal(rig.state, 'waiting');
	assert.deepEqual(
		[rig.detector.explanation.rule, rig.detector.explanation.agent, rig.detector.explanation.agentFrom],
		['myagent.confirm', 'myagent', 'screen'],
	);
	rig.dispose();
});
