// The Claude Code hooks configuration claude-tui passes with `--settings`, and how hook payloads map to states.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {claudeHookArgs, claudeHookSettings, interpretHookPayload} from '../../source/agents/claude-code.js';
import {planLaunch} from '../../source/agents/launch.js';
import {profileCatalog, recognizeCommand} from '../../source/agents/registry.js';
import {shellQuote} from '../../source/state/hooks.js';

/** What a session started as COMMAND ARGS really runs with, hooks on. */
const argsWithClaudeHooks = (command: string, args: string[]) => planLaunch(command, args, {reportCommand: 'claude-tui report', randomUUID: () => 'u'}).launchArgs.filter((arg, index, all) => arg !== '--session-id' && all[index - 1] !== '--session-id');

test('hook settings: the settings.json shape, one command per event, only hooks', () => {
	const settings = claudeHookSettings({claudeTui: '/opt/claude-tui/bin/claude-tui'});
	assert.deepEqual(Object.keys(settings), ['hooks']);
	// No PreToolUse/PostToolUse: a synchronous hook on every tool call would slow Claude down for nothing the screen does not show.
	// PermissionRequest fires only as a dialog opens: waiting at once, 6 s before the permission_prompt Notification.
	assert.deepEqual(Object.keys(settings.hooks).sort(), ['Notification', 'PermissionRequest', 'PreCompact', 'SessionStart', 'Stop', 'UserPromptSubmit']);
	assert.deepEqual(settings.hooks.Stop, [
		{hooks: [{type: 'command', command: '/opt/claude-tui/bin/claude-tui report idle --event Stop >/dev/null 2>&1 || true', timeout: 5}]},
	]);
	assert.equal(claudeHookSettings({reportCommand: '/usr/bin/node /opt/report.js'}).hooks.Stop?.[0]?.hooks[0]?.command, '/usr/bin/node /opt/report.js idle --event Stop >/dev/null 2>&1 || true');
	assert.equal(settings.hooks.SessionStart?.[0]?.matcher, 'startup|resume|clear|compact');
	assert.equal(settings.hooks.Notification?.[0]?.matcher, undefined, 'Notification takes no matcher in older builds: one entry, refined from the payload');
	assert.match(settings.hooks.UserPromptSubmit?.[0]?.hooks[0]?.command ?? '', / report busy --event UserPromptSubmit /);

	const args = claudeHookArgs();
	assert.equal(args[0], '--settings');
	assert.deepEqual(JSON.parse(args[1]!), claudeHookSettings());
});

test('hook commands never fail and never print, whatever claude-tui does', () => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-hooks-'));
	try {
		// A stand-in claude-tui that records its arguments and fails loudly (exit 2 would block a tool). It reads the
		// payload first, as the real one does: one that exits unread can make the write of the payload fail (EPIPE).
		const fake = path.join(directory, 'fake-claude-tui');
		fs.writeFileSync(fake, `#!/bin/sh\ncat >/dev/null\necho "$@" >> "${directory}/calls"\necho noise; echo noise >&2; exit 2\n`, {mode: 0o755});
		const settings = claudeHookSettings({claudeTui: shellQuote([fake])});
		const command = settings.hooks.UserPromptSubmit?.[0]?.hooks[0]?.command ?? '';
		const output = execFileSync('/bin/sh', ['-c', command], {input: '{"hook_event_name":"UserPromptSubmit","prompt":"hi"}', encoding: 'utf8'});
		assert.equal(output, '');
		assert.equal(fs.readFileSync(path.join(directory, 'calls'), 'utf8'), 'report busy --event UserPromptSubmit\n');
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

test('hook payloads: Notification is waiting unless it is the idle reminder; compaction is no change', () => {
	assert.deepEqual(interpretHookPayload({hook_event_name: 'Notification', message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt'}), {state: 'waiting', detail: 'Claude needs your permission to use Bash'});
	assert.deepEqual(interpretHookPayload({hook_event_name: 'Notification', message: 'Claude is waiting for your input'}), {state: 'idle', detail: 'Claude is waiting for your input'});
	assert.deepEqual(interpretHookPayload({hook_event_name: 'Notification', notification_type: 'idle_prompt', message: ''}), {state: 'idle', detail: 'idle_prompt'});
	// Events claude-tui does not configure carry the state the hook command was given (a user's own hook).
	assert.deepEqual(interpretHookPayload({hook_event_name: 'PreToolUse', tool_name: 'Edit'}, 'busy'), {state: 'busy', detail: 'PreToolUse Edit'});
	assert.equal(interpretHookPayload({hook_event_name: 'PreToolUse', tool_name: 'Edit'}), undefined);
	assert.deepEqual(interpretHookPayload({hook_event_name: 'Stop', stop_hook_active: false}), {state: 'idle', detail: 'Stop'});
	assert.equal(interpretHookPayload({hook_event_name: 'SessionStart', source: 'compact'}), undefined);
	// Every payload names the conversation; /clear and compaction move to a new one, which restore must resume.
	assert.deepEqual(interpretHookPayload({hook_event_name: 'SessionStart', source: 'clear', session_id: 'new-id'}), {state: 'idle', detail: 'SessionStart', conversationId: 'new-id'});
	assert.deepEqual(interpretHookPayload({hook_event_name: 'SessionStart', source: 'compact', session_id: 'compacted'}), {detail: 'SessionStart compact', conversationId: 'compacted'});
	assert.deepEqual(interpretHookPayload({hook_event_name: 'PermissionRequest', tool_name: 'Bash', session_id: 's'}), {state: 'waiting', detail: 'PermissionRequest Bash', conversationId: 's'});
	assert.deepEqual(interpretHookPayload({hook_event_name: 'SessionStart', source: 'clear'}), {state: 'idle', detail: 'SessionStart'});
	assert.equal(interpretHookPayload('not json'), undefined);
	assert.deepEqual(interpretHookPayload(undefined, 'busy'), {state: 'busy', detail: 'hook'});
});

test('hooks go on Claude Code\'s command line only, before the user\'s arguments, unless the user passes --settings', () => {
	const withHooks = argsWithClaudeHooks('claude', ['--resume', 'abc']);
	assert.deepEqual(withHooks.slice(2), ['--resume', 'abc']);
	assert.equal(withHooks[0], '--settings');
	assert.deepEqual(JSON.parse(withHooks[1]!), claudeHookSettings({reportCommand: 'claude-tui report'}));
	assert.equal(argsWithClaudeHooks('/home/me/.local/bin/claude', []).length, 2);
	assert.deepEqual(argsWithClaudeHooks('claude', ['--settings', 'mine.json']), ['--settings', 'mine.json']);
	assert.deepEqual(argsWithClaudeHooks('claude', ['--settings=mine.json']), ['--settings=mine.json']);
	assert.deepEqual(argsWithClaudeHooks('bash', ['-l']), ['-l']);
	assert.deepEqual(argsWithClaudeHooks('codex', []), []);
});

test('one recognition for every use: names, .exe, claude-code, config aliases, package runners, symlinked binaries', () => {
	const isClaude = (command: string, args: string[] = [], options = {}, aliases: Record<string, string> = {}) => recognizeCommand(command, args, profileCatalog([], aliases), options).adapter.id === 'claude';
	assert.equal(isClaude('claude'), true);
	assert.equal(isClaude('/usr/local/bin/claude'), true);
	assert.equal(isClaude('C:\\tools\\claude.exe'), true);
	assert.equal(isClaude('claude-code'), true);
	assert.equal(isClaude('claude-tui'), false);
	assert.equal(isClaude('cc'), false);
	assert.equal(isClaude('cc', [], {}, {cc: 'claude'}), true, 'a config alias');
	const viaNpx = recognizeCommand('npx', ['-y', '@anthropic-ai/claude-code@2.1.332', '--model', 'opus']);
	assert.deepEqual([viaNpx.adapter.id, viaNpx.prefix, viaNpx.args, viaNpx.via], ['claude', ['-y', '@anthropic-ai/claude-code@2.1.332'], ['--model', 'opus'], 'package']);
	assert.equal(isClaude('pnpm', ['dlx', '@anthropic-ai/claude-code']), true);
	assert.equal(isClaude('npx', ['cowsay']), false);
	// Hooks and a conversation id go after the package, where the agent's own arguments start.
	const launched = planLaunch('npx', ['@anthropic-ai/claude-code'], {reportCommand: 'r', randomUUID: () => 'u'});
	assert.deepEqual([launched.launchArgs[0], launched.launchArgs[1], launched.args], ['@anthropic-ai/claude-code', '--settings', ['@anthropic-ai/claude-code', '--session-id', 'u']]);
	// A symlink under another name to Claude Code's binary.
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tui-recognize-'));
	try {
		fs.mkdirSync(path.join(directory, 'pkg', 'bin'), {recursive: true});
		fs.writeFileSync(path.join(directory, 'pkg', 'bin', 'claude.exe'), '');
		fs.symlinkSync(path.join(directory, 'pkg', 'bin', 'claude.exe'), path.join(directory, 'cc'));
		assert.equal(isClaude('cc', [], {executable: path.join(directory, 'cc')}), true);
		assert.equal(recognizeCommand('cc', [], undefined, {executable: path.join(directory, 'cc')}).via, 'executable');
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}

	assert.equal(shellQuote(['/usr/bin/node', '/opt/my app/cli.js', "it's"]), `/usr/bin/node '/opt/my app/cli.js' 'it'\\''s'`);
});
