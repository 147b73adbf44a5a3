// What restore runs: Claude Code resumes its conversation in the same directory; anything else reruns.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {SessionRecord} from '../../source/history/records.js';
import {parseClaudeArgs} from '../../source/agents/claude-code.js';
import {planLaunch} from '../../source/agents/launch.js';
import {profileCatalog} from '../../source/agents/registry.js';
import {restoreCommand} from '../../source/history/restore.js';

/** The arguments and conversation id a new session gets (hooks aside). */
function prepareLaunch(command: string, args: string[], options: {randomUUID?: () => string; aliases?: Record<string, string>} = {}): {args: string[]; conversationId: string | undefined} {
	const {args: planned, conversationId} = planLaunch(command, args, {randomUUID: options.randomUUID, catalog: profileCatalog([], options.aliases)});
	return {args: planned, conversationId};
}

const conversationId = '0b4a3c52-9f7e-4d5b-a1e4-2b8c9d0e1f23';

function record(overrides: Partial<SessionRecord>): SessionRecord {
	return {
		version: 1,
		id: 's1',
		name: 'agent',
		cwd: '/home/user/project',
		command: 'claude',
		args: [],
		env: {FOO: 'bar'},
		createdAt: new Date().toISOString(),
		status: 'interrupted',
		...overrides,
	};
}

test('claude with a known conversation resumes exactly it, keeping its options and dropping the first prompt', () => {
	const restored = restoreCommand(
		record({
			command: '/usr/local/bin/claude',
			args: ['--session-id', conversationId, '--model', 'opus', '--add-dir', '../lib', '../docs', '--dangerously-skip-permissions', 'fix the failing test'],
			conversationId,
		}),
		{conversationExists: () => true},
	);
	assert.deepEqual(restored, {
		command: '/usr/local/bin/claude',
		args: ['--resume', conversationId, '--model', 'opus', '--add-dir', '../lib', '../docs', '--dangerously-skip-permissions'],
		cwd: '/home/user/project',
		env: {FOO: 'bar'},
		mode: 'resume',
		conversationId,
	});
});

test('claude without a known conversation continues the most recent one in that directory', () => {
	const restored = restoreCommand(record({args: ['-c', '--permission-mode', 'plan']}));
	assert.deepEqual([restored.command, restored.args, restored.cwd, restored.mode], [
		'claude',
		['--continue', '--permission-mode', 'plan'],
		'/home/user/project',
		'continue',
	]);
	assert.deepEqual(restoreCommand(record({args: ['--resume=abc', '--verbose']}), {conversationExists: () => false}).args, [
		'--resume',
		'abc',
		'--verbose',
	]);
});

test('claude whose conversation was never written starts it anew under the same id', () => {
	// The default check looks in $CLAUDE_CONFIG_DIR/projects/*/<id>.jsonl.
	const config = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-restore-'));
	try {
		fs.mkdirSync(path.join(config, 'projects', '-home-user-project'), {recursive: true});
		const options = {env: {CLAUDE_CONFIG_DIR: config}};
		const fresh = restoreCommand(record({conversationId}), options);
		assert.deepEqual([fresh.args, fresh.mode], [['--session-id', conversationId], 'new-conversation']);
		fs.writeFileSync(path.join(config, 'projects', '-home-user-project', `${conversationId}.jsonl`), '{}\n');
		const resumed = restoreCommand(record({conversationId}), options);
		assert.deepEqual([resumed.args, resumed.mode], [['--resume', conversationId], 'resume']);
	} finally {
		fs.rmSync(config, {recursive: true, force: true});
	}
});

test('bash and other commands rerun as they were, in the same directory', () => {
	const restored = restoreCommand(record({command: 'bash', args: ['--norc', '-i'], cwd: '/srv/app'}));
	assert.deepEqual(restored, {
		command: 'bash',
		args: ['--norc', '-i'],
		cwd: '/srv/app',
		env: {FOO: 'bar'},
		mode: 'rerun',
	});
	// A claude subcommand is not a conversation.
	assert.equal(restoreCommand(record({args: ['mcp', 'list']})).mode, 'rerun');
});

test('restore arguments are configurable: per record, or per command from the config, with placeholders', () => {
	const perRecord = restoreCommand(record({restoreArgs: ['--resume', '{conversationId}', '--model', 'sonnet'], conversationId}), {
		restoreArgs: {claude: ['ignored']},
	});
	assert.deepEqual([perRecord.args, perRecord.mode], [['--resume', conversationId, '--model', 'sonnet'], 'configured']);
	const perCommand = restoreCommand(record({command: 'npm', args: ['run', 'dev']}), {
		restoreArgs: {npm: ['{args}', '--', '--port=3000', '--name={name}']},
	});
	assert.deepEqual(perCommand.args, ['run', 'dev', '--', '--port=3000', '--name=agent']);
});

test('new claude sessions get a conversation id so that restore can resume exactly them', () => {
	assert.deepEqual(prepareLaunch('claude', ['--model', 'opus'], {randomUUID: () => conversationId}), {
		args: ['--session-id', conversationId, '--model', 'opus'],
		conversationId,
	});
	assert.deepEqual(prepareLaunch('claude', ['--resume', 'abc']), {args: ['--resume', 'abc'], conversationId: 'abc'});
	assert.deepEqual(prepareLaunch('claude', ['-c']), {args: ['-c'], conversationId: undefined});
	assert.deepEqual(prepareLaunch('bash', ['-l']), {args: ['-l'], conversationId: undefined});
	assert.deepEqual(prepareLaunch('my-claude', [], {aliases: {'my-claude': 'claude'}, randomUUID: () => 'u'}).args, ['--session-id', 'u']);
	assert.deepEqual(parseClaudeArgs(['--allowedTools', 'Read', 'Edit', '--verbose', 'hello', '--', '-x']), {
		kept: ['--allowedTools', 'Read', 'Edit', '--verbose'],
		conversationId: undefined,
		choosesConversation: false,
		positionals: ['hello', '-x'],
	});
});

test('a shell restores where it last worked while that directory exists; Claude Code where it started', () => {
	const shellRecord = record({command: 'bash', args: ['--norc'], lastCwd: '/home/user/project/src'});
	const existing = new Set(['/home/user/project', '/home/user/project/src']);
	const directoryExists = (directory: string) => existing.has(directory);
	assert.equal(restoreCommand(shellRecord, {directoryExists}).cwd, '/home/user/project/src');
	existing.delete('/home/user/project/src');
	assert.equal(restoreCommand(shellRecord, {directoryExists}).cwd, '/home/user/project', 'a directory gone since: where it started');
	// {cwd} in configured arguments is where it runs.
	const configured = restoreCommand({...shellRecord, lastCwd: '/home/user/project'}, {directoryExists, restoreArgs: {bash: ['--rcfile', '{cwd}/.rc']}});
	assert.deepEqual(configured.args, ['--rcfile', '/home/user/project/.rc']);
	// Claude Code files its conversations under the directory it started in.
	const agent = record({lastCwd: '/home/user/project/src', conversationId});
	assert.equal(restoreCommand(agent, {directoryExists: () => true, conversationExists: () => true}).cwd, '/home/user/project');
});
