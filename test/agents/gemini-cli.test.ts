// The Gemini CLI adapter on its own: its rules on 0.61's screens (as the real Gemini CLI draws them, see
// agents-gemini-cli.test.ts), a reworded dialog degrading to a question, and how it is launched and resumed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {parseGeminiArgs} from '../../source/agents/gemini-cli.js';
import {planLaunch} from '../../source/agents/launch.js';
import {adapterById} from '../../source/agents/registry.js';
import {type ScreenView, activeProfile, matchScreen, matchTitle} from '../../source/state/rules.js';

const gemini = adapterById('gemini')!;
const shell = adapterById('shell')!.profile;

function view(rows: string[]): ScreenView {
	const y = rows.findLastIndex(row => row.trim() !== '');
	return {rows, cursorX: 2, cursorY: Math.max(0, y), beforeCursor: '  '};
}

const state = (rows: string[]) => {
	const match = matchScreen(gemini.profile, view(rows));
	return match ? `${match.state} ${match.rule}` : undefined;
};

const inputBox = [
	'                                                                                                        ? for shortcuts',
	'────────────────────────────────────────────────────────────────────────────────',
	' Shift+Tab to accept edits',
	'▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄▄',
	' >   Type your message or @path/to/file',
	'▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀',
	' workspace (/directory)                                   sandbox                                                /model',
	' /work/project                                            no sandbox                                   gemini-2.5-flash',
];

test('gemini 0.61 screens: working, a confirmation, a question, the input box, the title', () => {
	assert.equal(state([' > plain answer please', ' ⠇ Thinking... (esc to cancel, 4s)                     ? for shortcuts', ...inputBox.slice(1)]), 'busy gemini.loading');
	assert.equal(state(['│ ? Shell  touch made-by-gemini.txt │', '│ Allow execution of [Shell]?       │', '│                                   │', '│ ● 1. Allow once                   │', '│   2. Allow for this session       │', '│   3. No, suggest changes (esc)    │']), 'waiting gemini.confirmation');
	assert.equal(state(['│ Answer Questions                   │', '│ Which colour should the button be? │', '│ ● 1.  Red                          │', '│       A red button                 │', '│   2.  Blue                         │', '│ Enter to select · ↑/↓ to navigate · Esc to cancel │']), 'waiting gemini.menu');
	assert.equal(state([' > long answer coming', 'ℹ Request cancelled.', ...inputBox]), 'idle gemini.input');
	assert.equal(matchTitle(gemini.profile, '◇  Ready (project)'), 'idle');
	assert.equal(matchTitle(gemini.profile, '✦  Working… (project)'), 'busy');
	assert.equal(matchTitle(gemini.profile, '⏲  Working… (project)'), 'busy');
	assert.equal(matchTitle(gemini.profile, '✋  Action Required (project)'), 'waiting');
});

test('gemini: a reworded dialog is still a question, and Gemini CLI typed into a shell is not taken for Claude Code', () => {
	assert.equal(state(['│ Shall I go ahead?               │', '│ ● 1. Go ahead                   │', '│   2. Stop (esc)                 │']), 'waiting gemini.menu');
	assert.equal(activeProfile(shell, view(['$ gemini', ' ▝▜▄     Gemini CLI v0.61.0', ...inputBox])).id, 'gemini');
});

test('gemini launch: a session id of our choosing, unless the arguments pick a conversation or run once', () => {
	const launched = planLaunch('gemini', ['-m', 'gemini-2.5-pro'], {randomUUID: () => '11111111-2222-4333-8444-555555555555'});
	assert.deepEqual(launched.launchArgs, ['--session-id', '11111111-2222-4333-8444-555555555555', '-m', 'gemini-2.5-pro']);
	assert.equal(launched.conversationId, '11111111-2222-4333-8444-555555555555');
	assert.equal(planLaunch('gemini', ['--resume', 'latest']).conversationId, undefined);
	assert.deepEqual(planLaunch('gemini', ['-p', 'say hi']).launchArgs, ['-p', 'say hi']);
	assert.deepEqual(planLaunch('gemini', ['mcp', 'list']).launchArgs, ['mcp', 'list']);
	assert.deepEqual(parseGeminiArgs(['-i', 'first prompt', '--include-directories', 'a', 'b', '-y', 'query']), {kept: ['--include-directories', 'a', 'b', '-y'], notInteractive: false, conversationId: undefined, choosesConversation: false});
});

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-gemini-adapter-'));
after(() => {
	fs.rmSync(home, {recursive: true, force: true});
});

test('gemini restore: its session by id once something was said in it, else a new one under the same id', () => {
	const chats = path.join(home, '.gemini', 'tmp', 'project', 'chats');
	fs.mkdirSync(chats, {recursive: true});
	const [said, unsaid] = ['11111111-2222-4333-8444-555555555555', '22222222-2222-4333-8444-555555555555'];
	const context = {$set: {messages: [{type: 'user', content: [{text: '<session_context>\nThis is the Gemini CLI.\n</session_context>'}]}]}};
	fs.writeFileSync(path.join(chats, 'session-2026-12-03T15-28-11111111.jsonl'), [{sessionId: said, kind: 'main'}, context, {type: 'user', content: [{text: 'hello'}]}].map(line => JSON.stringify(line)).join('\n'));
	fs.writeFileSync(path.join(chats, 'session-2026-12-03T15-29-22222222.jsonl'), [{sessionId: unsaid, kind: 'main'}, context].map(line => JSON.stringify(line)).join('\n'));
	const env = {GEMINI_CLI_HOME: home};
	assert.deepEqual(gemini.resume!(['--session-id', said, '-m', 'x'], {conversationId: said, env}), {args: ['--resume', said, '-m', 'x'], mode: 'resume', conversationId: said});
	assert.deepEqual(gemini.resume!(['--session-id', unsaid], {conversationId: unsaid, env}), {args: ['--session-id', unsaid], mode: 'new-conversation', conversationId: unsaid});
	assert.deepEqual(gemini.resume!([], {conversationId: undefined, env}), {args: ['--resume', 'latest'], mode: 'continue'});
	assert.equal(gemini.resume!(['-p', 'once'], {conversationId: said, env}), undefined);
});
