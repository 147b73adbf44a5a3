// Screen rules on their own: real strings from each agent's UI, and look-alikes that must not match.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {adapterById, profileForCommand} from '../../source/agents/registry.js';
import {
	type AgentProfile,
	type ScreenView,
	activeProfile,
	compileProfile,
	matchScreen,
	matchTitle,
	notificationMeansIdle,
} from '../../source/state/rules.js';

const profile = (id: string): AgentProfile => adapterById(id)!.profile;
const [claudeCode, codexCli, geminiCli, aider, shell, generic] = ['claude', 'codex', 'gemini', 'aider', 'shell', 'generic'].map(id => profile(id)) as [AgentProfile, AgentProfile, AgentProfile, AgentProfile, AgentProfile, AgentProfile];

/** A screen from text rows; the cursor at the end of the last non-blank row unless given. */
function view(rows: string[], cursor?: {x: number; y: number}): ScreenView {
	const lastNonBlank = rows.findLastIndex(row => row.trim() !== '');
	const y = cursor?.y ?? Math.max(0, lastNonBlank);
	const x = cursor?.x ?? (rows[y] ?? '').length;
	return {rows, cursorX: x, cursorY: y, beforeCursor: (rows[y] ?? '').padEnd(x).slice(0, x)};
}

function state(profile: AgentProfile, rows: string[], cursor?: {x: number; y: number}): string | undefined {
	const match = matchScreen(profile, view(rows, cursor));
	return match ? `${match.state} ${match.rule}` : undefined;
}

const box = ['─'.repeat(60), '❯ ', '─'.repeat(60), '  ? for shortcuts'];

test('profiles are chosen by command basename', () => {
	assert.equal(profileForCommand('claude').id, 'claude');
	assert.equal(profileForCommand('/home/me/.local/bin/claude').id, 'claude');
	assert.equal(profileForCommand('codex').id, 'codex');
	assert.equal(profileForCommand('gemini').id, 'gemini');
	assert.equal(profileForCommand('aider').id, 'aider');
	assert.equal(profileForCommand('/bin/zsh').id, 'shell');
	assert.equal(profileForCommand('python3').id, 'generic');
	for (const profile of [claudeCode, codexCli, geminiCli, aider, shell, generic]) {
		assert.doesNotThrow(() => compileProfile(profile), profile.id);
	}

	assert.throws(() => compileProfile({...generic, rules: [{id: 'bad', state: 'busy', region: 'screen', line: '('}]}), /Bad pattern in generic bad/);
});

test('claude: busy from the interrupt hint, the spinner verb, the token counter', () => {
	assert.equal(state(claudeCode, ['✻ Thinking… (12s · esc to interrupt)', '', ...box]), 'busy claude.interrupt-hint');
	assert.equal(state(claudeCode, ['✽ Herding… (8m 39s · ↓ 834 tokens)', '', ...box]), 'busy claude.spinner');
	assert.equal(state(claudeCode, ['✢ Compacting conversation… (17s)', '', ...box]), 'busy claude.spinner');
	assert.equal(state(claudeCode, ['* Catapulting…', '', ...box]), 'busy claude.spinner');
	assert.equal(state(claudeCode, ['✻ Waiting for 2 background agents to finish', '', ...box]), 'busy claude.spinner');
	assert.equal(state(claudeCode, ['thinking (3m 2s · ↑ 1.2k tokens)', '', ...box]), 'busy claude.token-counter');
});

test('claude: completion lines, prose and bullets are not busy', () => {
	assert.equal(state(claudeCode, ['✻ Worked for 1m 52s', '', ...box]), 'idle claude.prompt-box');
	assert.equal(state(claudeCode, ['✻ Baked for 10s · 1 shell still running', '', ...box]), 'idle claude.prompt-box');
	assert.equal(state(claudeCode, ['● I will look into the parser and then the rest…', '', ...box]), 'idle claude.prompt-box');
	assert.equal(state(claudeCode, ['* fixed the bug…', '', ...box]), 'idle claude.prompt-box');
	// Old scrollback far above the bottom rows does not count.
	assert.equal(state(claudeCode, ['✻ Thinking… (12s · esc to interrupt)', ...Array.from({length: 20}, (_, index) => `line ${index}`), ...box]), 'idle claude.prompt-box');
});

test('claude: permission dialogs, menus and the trust prompt are waiting', () => {
	const bash = [' Bash command', '', '   npm test', '', ' Do you want to proceed?', ' ❯ 1. Yes', "   2. Yes, and don't ask again for npm test commands in /work", '   3. No, and tell Claude what to do differently (esc)'];
	assert.equal(state(claudeCode, bash), 'waiting claude.permission');
	assert.equal(matchScreen(claudeCode, view(bash))?.detail, 'Do you want to proceed?');
	assert.equal(state(claudeCode, ['│ Do you want to create notes.md?                │', '│ ❯ 1. Yes                                       │', '│   2. No, and tell Claude what to do differently │']), 'waiting claude.permission');
	assert.equal(state(claudeCode, [' Would you like to proceed?', ' ❯ 1. Yes, and auto-accept edits', '   2. Yes, and manually approve edits', '   3. No, keep planning']), 'waiting claude.permission');
	assert.equal(state(claudeCode, [' Which database?', ' ❯ 1. Postgres', '   2. SQLite', ' Enter to select · ↑/↓ to navigate · Esc to cancel']), 'waiting claude.menu');
	assert.equal(state(claudeCode, [' Accessing workspace:', ' /work/main', ' Quick safety check: Is this a project you created or one you trust?', ' ❯ 1. Yes, I trust this folder', '   2. No, exit', ' Enter to confirm · Esc to cancel']), 'waiting claude.menu');
	// The spinner Claude keeps under a dialog does not outrank it.
	assert.equal(state(claudeCode, [...bash, '', '✻ Running… (12s · esc to interrupt)']), 'waiting claude.permission');
	// A numbered list in an answer, without the selection cursor, is not a dialog.
	assert.equal(state(claudeCode, ['● Do you want to proceed? Options:', '  1. Yes', '  2. No', '', ...box]), 'idle claude.prompt-box');
});

test('claude: the prompt box in its 1.x and 2.x shapes is idle; the interrupt banner too', () => {
	assert.equal(state(claudeCode, box), 'idle claude.prompt-box');
	assert.equal(state(claudeCode, ['╭──────────────────────────╮', '│ > Try "fix lint errors"  │', '╰──────────────────────────╯', '  ? for shortcuts']), 'idle claude.prompt-box');
	assert.equal(state(claudeCode, ['─'.repeat(40), '❯ half-typed prompt', '─'.repeat(40), '  ⏵⏵ accept edits on (shift+tab to cycle)']), 'idle claude.prompt-box');
	assert.equal(state(claudeCode, ['  ⎿  Interrupted · What should Claude do instead?', '', '─'.repeat(40), '❯ ', '─'.repeat(40)]), 'idle claude.interrupted');
	assert.equal(state(claudeCode, ['some text', 'more text']), undefined);
});

test('claude: the title spinner and idle marker; the idle reminder notification', () => {
	assert.equal(matchTitle(claudeCode, '⠂ Fix the parser'), 'busy');
	assert.equal(matchTitle(claudeCode, '◐ Fix the parser'), 'busy');
	assert.equal(matchTitle(claudeCode, '✳ Fix the parser'), 'idle');
	assert.equal(matchTitle(claudeCode, 'claude'), undefined);
	assert.equal(notificationMeansIdle(claudeCode, 'Claude is waiting for your input'), true);
	assert.equal(notificationMeansIdle(claudeCode, 'Claude needs your permission to use Bash'), false);
});

test('codex: working line, approval overlay (current and TypeScript-era), composer', () => {
	const composer = ['› Ask Codex to do anything', '', '  gpt-5 medium · ~/src'];
	assert.equal(state(codexCli, ['• Working (12s • esc to interrupt)', '', ...composer]), 'busy codex.working');
	assert.equal(matchScreen(codexCli, view(['• Updating README with metadata note (4m 56s • Esc to interrupt)', ...composer]))?.detail, '• Updating README with metadata note');
	assert.equal(state(codexCli, ['  Would you like to run the following command?', '', '  $ open /tmp/foo.png', '', '› 1. Yes, proceed (y)', '  3. No, and tell Codex what to do differently (esc)', '', '  Press enter to confirm or esc to cancel']), 'waiting codex.approval');
	assert.equal(state(codexCli, ['  Would you like to make the following edits?', '› 1. Yes, proceed (y)']), 'waiting codex.approval');
	assert.equal(state(codexCli, ['╭──────────────────────────────╮', '│ Shell Command                │', '│ $ rm -rf build               │', '│ Allow command?               │', '│ ▌ Yes (y)                    │', '│   No (n)                     │', '╰──────────────────────────────╯']), 'waiting codex.approval');
	assert.equal(state(codexCli, ['> You are in /work/main', '', '  Do you trust the contents of this directory? Working with untrusted contents', '› 1. Yes, continue', '  2. No, quit', '  Press enter to continue']), 'waiting codex.approval');
	assert.equal(state(codexCli, composer), 'idle codex.composer');
	assert.equal(state(codexCli, ['› 1. Yes, proceed (y)']), undefined);
	assert.equal(matchTitle(codexCli, '⠙ codex'), 'busy');
	assert.equal(matchTitle(codexCli, 'Action Required · codex'), 'waiting');
});

test('gemini: loading phrase, confirmations old and new, input box', () => {
	const input = ['╭────────────────────────────────────────╮', '│ >   Type your message or @path/to/file │', '╰────────────────────────────────────────╯'];
	assert.equal(state(geminiCli, ['⠋ Reticulating splines (esc to cancel, 12s)', '', ...input]), 'busy gemini.loading');
	assert.equal(state(geminiCli, ['⠋ Consulting the oracle (esc to cancel, 1m 5s)', '', ...input]), 'busy gemini.loading');
	assert.equal(state(geminiCli, ['echo "hello"', "Allow execution of: 'echo'?", '', '● 1. Allow once', '  2. Allow for this session', '  3. No, suggest changes (esc)']), 'waiting gemini.confirmation');
	assert.equal(state(geminiCli, ['Apply this change?', '● 1. Allow once', '  2. Modify with external editor', '  3. No, suggest changes (esc)']), 'waiting gemini.confirmation');
	assert.equal(state(geminiCli, ['│ Allow execution?                │', '│ ● Yes, allow once               │', '│ ○ Yes, allow always             │', '│ ○ No (esc)                      │']), 'waiting gemini.confirmation');
	assert.equal(state(geminiCli, ['⠏ Waiting for user confirmation...']), 'waiting gemini.confirmation');
	assert.equal(state(geminiCli, input), 'idle gemini.input');
});

test('aider: confirm questions at the cursor, the model spinner, the prompt with edit format', () => {
	assert.equal(state(aider, ['vitest run', "Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: "]), 'waiting aider.confirm');
	assert.equal(matchScreen(aider, view(['src/a.ts', 'Create new file? (Y)es/(N)o [Yes]: ']))?.detail, 'Create new file?');
	assert.equal(state(aider, ["Add file to the chat? (Y)es/(N)o/(A)ll/(S)kip all/(D)on't ask again [Yes]: "]), 'waiting aider.confirm');
	assert.equal(state(aider, ['░█ Waiting for anthropic/claude-sonnet-4']), 'busy aider.waiting-for-model');
	assert.equal(state(aider, ['', '> ']), 'idle aider.prompt');
	assert.equal(state(aider, ['', 'architect> refactor the parser']), 'idle aider.prompt');
	assert.equal(state(aider, ['> quoted markdown in the reply', 'next line of the reply']), undefined);
});

test('shell: a prompt at the cursor is idle, with or without a command typed; y/n and passwords are waiting', () => {
	assert.equal(state(shell, ['user@host:~/src$ ']), 'idle shell.prompt');
	assert.equal(state(shell, ['user@host:~/src$ make -j2']), 'idle shell.prompt');
	assert.equal(state(shell, ['root@box:/# ']), 'idle shell.prompt');
	assert.equal(state(shell, ['host% ']), 'idle shell.prompt');
	assert.equal(state(shell, ['~/src', '❯ ']), 'idle shell.prompt');
	assert.equal(state(shell, ['>>> ']), 'idle shell.prompt');
	assert.equal(state(shell, ['[sudo] password for user: ']), 'waiting prompt.yes-no');
	assert.equal(state(shell, ['Do you want to continue? [Y/n] ']), 'waiting prompt.yes-no');
	assert.equal(state(shell, ['Are you sure you want to continue connecting (yes/no/[fingerprint])? ']), 'waiting prompt.yes-no');
	assert.equal(state(shell, ["Enter passphrase for key '/home/me/.ssh/id_ed25519': "]), 'waiting prompt.yes-no');
	// Output that merely contains a prompt character is not a prompt.
	assert.equal(state(shell, ['Progress: 50% done']), undefined);
	assert.equal(state(shell, ['[ 50%] Linking   ']), undefined);
	// The prompt must be where the cursor waits: not above it, not with output below it.
	assert.equal(state(shell, ['user@host:~/src$ make', ''], {x: 0, y: 1}), undefined);
	assert.equal(state(shell, ['user@host:~/src$ ', 'output below'], {x: 17, y: 0}), undefined);
});

test('an agent started inside a shell is recognised by what it draws', () => {
	assert.equal(activeProfile(shell, view(['$ claude', ...box])).id, 'claude');
	assert.equal(activeProfile(shell, view(['$ codex', '• Working (3s • esc to interrupt)', '› Ask Codex to do anything'])).id, 'codex');
	assert.equal(activeProfile(generic, view(['│ >   Type your message or @path/to/file │'])).id, 'gemini');
	assert.equal(activeProfile(shell, view(['Aider v0.86.1', 'Main model: gpt-5', '> '])).id, 'aider');
	assert.equal(activeProfile(shell, view(['$ ls', 'a b c', '$ '])).id, 'shell');
	// A session started as an agent keeps its own rules.
	assert.equal(activeProfile(claudeCode, view(['• Working (3s • esc to interrupt)'])).id, 'claude');
});
