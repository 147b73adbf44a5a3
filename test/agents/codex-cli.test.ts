// The Codex CLI adapter on its own: its rules on 0.169's screens (as the real Codex draws them, see
// agents-codex-cli.test.ts), a reworded dialog degrading to a question, how a restore resumes it, and the thread a
// running Codex is on, read from real processes holding real files open.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {parseCodexArgs} from '../../source/agents/codex-cli.js';
import {adapterById} from '../../source/agents/registry.js';
import {type ScreenView, activeProfile, matchScreen, matchTitle} from '../../source/state/rules.js';
import {waitFor} from '../helpers/daemon.js';

const codex = adapterById('codex')!;
const shell = adapterById('shell')!.profile;

function view(rows: string[]): ScreenView {
	const y = rows.findLastIndex(row => row.trim() !== '');
	return {rows, cursorX: 2, cursorY: Math.max(0, y), beforeCursor: '  '};
}

const state = (rows: string[]) => {
	const match = matchScreen(codex.profile, view(rows));
	return match ? `${match.state} ${match.rule}` : undefined;
};

const footer = ['', '› Ask Codex to do anything', '', '  GPT-5.5 default · /work/project', '  ← for agents · ? for shortcuts                              ⚠ 1 warning · f2 to view'];

test('codex 0.169 screens: working, approvals, a question, the composer, the title', () => {
	assert.equal(state(['› plain answer please', '', '◦ Working (3s • esc to interrupt)', ...footer]), 'busy codex.working');
	assert.equal(state(['› bash now', '• Running touch made-by-codex.txt', '  Would you like to run the following command?', '  $ touch made-by-codex.txt', '› 1. Yes, proceed (y)', '  3. No, and tell Codex what to do differently (esc)', '  Press enter to confirm or esc to cancel']), 'waiting codex.approval');
	assert.equal(state(['  Question 1/1 (1 unanswered)', '  Which colour should the button be?', '  › 1. Red (Recommended)  A red button', '    2. Blue               A blue button', '  tab to add notes | enter to submit answer | esc to interrupt']), 'waiting codex.approval');
	assert.equal(state(['› long answer coming', '■ Conversation interrupted - use /feedback if something went wrong', ...footer]), 'idle codex.composer');
	assert.equal(state(footer), 'idle codex.composer');
	assert.equal(matchTitle(codex.profile, '⠹ project'), 'busy');
	assert.equal(matchTitle(codex.profile, '[ ! ] Action Required | project'), 'waiting');
	assert.equal(matchTitle(codex.profile, '[ . ] Action Required | project'), 'waiting');
	assert.equal(matchTitle(codex.profile, 'project'), 'idle');
});

test('codex: a reworded dialog is still a question (a numbered menu with a marker and a hint), never idle', () => {
	assert.equal(state(['  Shall I run this for you?', '› 1. Sure (y)', '  2. No, and tell Codex what to do differently (esc)', ...footer]), 'waiting codex.menu');
	assert.equal(state(['  Try the new model?', '› 1. Try new model', '  2. Use existing model', '  enter/esc confirm · ^c quit']), 'waiting codex.menu');
	assert.equal(state(['› 1. Yes, proceed (y)', ...footer.slice(2)]), undefined, 'a typed "1." with no hint is no question');
});

test('codex typed into a shell is Codex, though its footer has Claude Code\'s "? for shortcuts"', () => {
	assert.equal(activeProfile(shell, view(['$ codex', '  >_ OpenAI Codex (v0.169.0)', ...footer])).id, 'codex');
	assert.equal(activeProfile(shell, view(['$ codex', '› bash now', '', '  GPT-5.5 default · /work/project', '  ← for agents · ? for shortcuts'])).id, 'codex');
});

test('codex arguments: what a restore keeps, and the conversation they name', () => {
	assert.deepEqual(parseCodexArgs(['-m', 'gpt-5.5', '--sandbox=workspace-write', '-c', 'a.b=1', '--search', 'fix the bug']), {subcommand: undefined, kept: ['-m', 'gpt-5.5', '--sandbox=workspace-write', '-c', 'a.b=1', '--search'], conversationId: undefined});
	assert.deepEqual(parseCodexArgs(['-i', 'a.png', 'b.png', '--oss', 'describe them']), {subcommand: undefined, kept: ['--oss'], conversationId: undefined});
	assert.deepEqual(parseCodexArgs(['resume', '--last', '-a', 'never']), {subcommand: 'resume', kept: ['-a', 'never'], conversationId: undefined});
	assert.deepEqual(parseCodexArgs(['resume', '01a23c74-cc4a-71a3-82ce-047279284414', 'go on']), {subcommand: 'resume', kept: [], conversationId: '01a23c74-cc4a-71a3-82ce-047279284414'});
	assert.equal(parseCodexArgs(['exec', 'fix it']).subcommand, 'exec');
	assert.equal(parseCodexArgs(['--', 'resume']).subcommand, undefined, 'after -- it is the prompt');
});

test('codex restore: its conversation by id once written, the most recent one when unknown, a new one when never written', () => {
	const env = {CODEX_HOME: '/nonexistent-codex-home'};
	const id = '01a23c74-cc4a-71a3-82ce-047279284414';
	const written = (yes: boolean) => ({conversationId: id, env, conversationExists: () => yes});
	assert.deepEqual(codex.resume!(['-m', 'gpt-5.5', 'first prompt'], written(true)), {args: ['resume', '-m', 'gpt-5.5', id], mode: 'resume', conversationId: id});
	assert.deepEqual(codex.resume!(['-m', 'gpt-5.5'], written(false)), {args: ['-m', 'gpt-5.5'], mode: 'new-conversation'});
	assert.deepEqual(codex.resume!(['--search'], {conversationId: undefined, env}), {args: ['resume', '--last', '--search'], mode: 'continue'});
	assert.deepEqual(codex.resume!(['resume', id], {conversationId: undefined, env, conversationExists: () => true}), {args: ['resume', id], mode: 'resume', conversationId: id});
	assert.equal(codex.resume!(['login'], written(true)), undefined, 'a subcommand runs again as it was');
});

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-codex-adapter-'));
const children: number[] = [];
after(() => {
	for (const pid of children) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}

	fs.rmSync(home, {recursive: true, force: true});
});

/** A process tree like the npm package's: a parent (the node script) whose child holds these files open. */
async function codexLike(files: string[]): Promise<number> {
	const redirects = files.map((file, index) => `${index + 3}<"${file}"`).join(' ');
	const parent = spawn('bash', ['-c', `bash -c 'exec ${redirects}; exec sleep 60' & wait`], {stdio: 'ignore'});
	children.push(parent.pid!);
	await waitFor(() => {
		try {
			return fs.readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim() !== '';
		} catch {
			return false;
		}
	});
	const child = Number(fs.readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim().split(' ')[0]);
	children.push(child);
	// Every file open, not a count of descriptors: bash holds one of its own (255) before its redirections run.
	const held = () => new Set(fs.readdirSync(`/proc/${child}/fd`).map(fd => {
		try {
			return fs.readlinkSync(`/proc/${child}/fd/${fd}`);
		} catch {
			return '';
		}
	}));
	await waitFor(() => {
		const open = held();
		return files.every(file => open.has(file));
	});
	return parent.pid!;
}

test('codex: the conversation a running Codex is on is the newest thread lock it holds, a subagent\'s left out', async () => {
	const locks = path.join(home, 'thread-writer-locks');
	const day = path.join(home, 'sessions', '2026', '12', '03');
	fs.mkdirSync(locks, {recursive: true});
	fs.mkdirSync(day, {recursive: true});
	const [first, second, subagent] = ['01a23c74-cc4a-71a3-82ce-047279284414', '01a23c74-e7c6-7c43-9c02-f557346667ef', '01a23c75-0000-7000-8000-000000000001'];
	for (const id of [first, second, subagent, 'ffffffff-ffff-7fff-8fff-ffffffffffff']) {
		fs.writeFileSync(path.join(locks, `${id}.lock`), '');
	}

	fs.writeFileSync(path.join(day, `rollout-2026-12-03T15-10-17-${subagent}.jsonl`), `${JSON.stringify({type: 'session_meta', payload: {id: subagent, source: {subagent: {thread_spawn: {}}}}})}\n`);
	const lock = (id: string) => path.join(locks, `${id}.lock`);
	const env = {CODEX_HOME: home};
	// A lock file left behind by a Codex that was killed is not held, so it does not count.
	assert.equal(codex.currentConversation!({pid: await codexLike([lock(first)]), env}), first);
	assert.equal(codex.currentConversation!({pid: await codexLike([lock(first), lock(second)]), env}), second, 'after /new or /clear: the newer thread');
	assert.equal(codex.currentConversation!({pid: await codexLike([lock(second), lock(subagent)]), env}), second, 'a subagent\'s thread is not the conversation');
	fs.writeFileSync(path.join(home, 'other.txt'), '');
	assert.equal(codex.currentConversation!({pid: await codexLike([path.join(home, 'other.txt')]), env}), undefined);
});
