// The real agents, for tests and the bench that drive them against local mocks of their APIs: Claude Code, Codex CLI
// and Gemini CLI at the versions pinned in test/fixtures/agents/package-lock.json, installed on first use (`npm ci` from that
// lockfile) into a cache outside the clone, keyed by the lockfile, so a clean clone's `npm ci` stays lean (Claude
// Code's and Codex's packages are native binaries of about 400 MB each, about 890 MB in all) and a machine installs
// each pinned set once (about 25 s here).
import {execFileSync} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {repoRoot} from './terminal.js';

const manifestDirectory = path.join(repoRoot, 'test', 'fixtures', 'agents');

/** Where installed agents are kept: $CLAUDE_TUI_AGENT_CACHE, else $XDG_CACHE_HOME/claude-tui/test-agents. */
export function agentCacheRoot(): string {
	return process.env['CLAUDE_TUI_AGENT_CACHE'] || path.join(process.env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache'), 'claude-tui', 'test-agents');
}

/** The cache directory of the pinned set: installs it first if it is not there (one installer at a time). */
export async function installedAgents(): Promise<string> {
	const lock = fs.readFileSync(path.join(manifestDirectory, 'package-lock.json'));
	const key = crypto.createHash('sha256').update(lock).digest('hex').slice(0, 16);
	const root = agentCacheRoot();
	const directory = path.join(root, key);
	const done = path.join(directory, '.installed');
	if (fs.existsSync(done)) {
		return directory;
	}

	fs.mkdirSync(root, {recursive: true});
	const lockDirectory = `${directory}.lock`;
	const deadline = Date.now() + 5 * 60_000;
	for (;;) {
		try {
			fs.mkdirSync(lockDirectory);
			break;
		} catch {
			if (fs.existsSync(done)) {
				return directory;
			}

			// Another test file installs it now; a lock older than the deadline was left by a killed installer.
			const age = Date.now() - (fs.statSync(lockDirectory, {throwIfNoEntry: false})?.mtimeMs ?? Date.now());
			if (age > 5 * 60_000) {
				fs.rmSync(lockDirectory, {recursive: true, force: true});
			} else if (Date.now() > deadline) {
				throw new Error(`Timed out waiting for another process to install the test agents into ${directory}`);
			}

			await delay(500);
		}
	}

	try {
		if (!fs.existsSync(done)) {
			const staging = `${directory}.tmp-${process.pid}`;
			fs.rmSync(staging, {recursive: true, force: true});
			fs.rmSync(directory, {recursive: true, force: true});
			fs.mkdirSync(staging, {recursive: true});
			for (const file of ['package.json', 'package-lock.json']) {
				fs.copyFileSync(path.join(manifestDirectory, file), path.join(staging, file));
			}

			try {
				execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {cwd: staging, stdio: ['ignore', 'ignore', 'pipe'], timeout: 5 * 60_000});
			} catch (error) {
				const stderr = String((error as {stderr?: Buffer}).stderr ?? '');
				throw new Error(`Could not install the test agents (npm ci in ${staging}): ${stderr || (error as Error).message}`);
			}

			fs.renameSync(staging, directory);
			fs.writeFileSync(done, new Date().toISOString());
		}
	} finally {
		fs.rmSync(lockDirectory, {recursive: true, force: true});
	}

	return directory;
}

export type ClaudeCodeInstall = {
	/** The native binary. */
	binary: string;
	version: string;
	/** A directory holding `claude`, a symlink to the binary (as npm installs it): put it on PATH. */
	binDirectory: string;
	/** A directory holding the same binary under another name (a hard link, so nothing but its screen tells). */
	otherNameDirectory: string;
	otherName: string;
};

/** The pinned Claude Code, with `claude` and another name for it. */
export async function realClaudeCode(): Promise<ClaudeCodeInstall> {
	const directory = await installedAgents();
	const wrapper = path.join(directory, 'node_modules', '@anthropic-ai', 'claude-code');
	const {version} = JSON.parse(fs.readFileSync(path.join(wrapper, 'package.json'), 'utf8')) as {version: string};
	const platform = path.join(directory, 'node_modules', '@anthropic-ai', `claude-code-${process.platform}-${process.arch}`, 'claude');
	// Its postinstall puts the native binary in place of bin/claude.exe; without it, the platform package has it.
	const placed = path.join(wrapper, 'bin', 'claude.exe');
	const binary = (fs.statSync(placed, {throwIfNoEntry: false})?.size ?? 0) > 1024 * 1024 ? placed : platform;
	if (!fs.existsSync(binary)) {
		throw new Error(`Claude Code ${version} has no binary for ${process.platform}-${process.arch} in ${directory}`);
	}

	const binDirectory = path.join(directory, 'bin-claude');
	const otherNameDirectory = path.join(directory, 'bin-other-name');
	const otherName = 'assistant';
	if (!fs.existsSync(path.join(binDirectory, 'claude'))) {
		fs.mkdirSync(binDirectory, {recursive: true});
		fs.symlinkSync(binary, path.join(binDirectory, 'claude'));
	}

	if (!fs.existsSync(path.join(otherNameDirectory, otherName))) {
		fs.mkdirSync(otherNameDirectory, {recursive: true});
		fs.linkSync(binary, path.join(otherNameDirectory, otherName));
	}

	return {binary, version, binDirectory, otherNameDirectory, otherName};
}

// An API key of the shape Claude Code expects; it never leaves this machine (the mock takes any).
export const mockApiKey = 'sk-ant-api03-claude-tui-mock-key-0000000000000000';

/**
A Claude Code configuration directory that skips every first-run screen (as Claude Code writes these keys itself
once they are answered), trusts `projects`, and keeps the permission dialogs (manual mode, not auto), plus the
environment that points Claude Code at the mock and keeps it offline.
*/
export function claudeCodeEnvironment(directory: string, options: {apiUrl: string; projects: string[]; version: string}): Record<string, string> {
	const config = path.join(directory, 'claude-config');
	fs.mkdirSync(config, {recursive: true});
	fs.writeFileSync(path.join(config, '.claude.json'), JSON.stringify({
		hasCompletedOnboarding: true,
		lastOnboardingVersion: options.version,
		theme: 'dark',
		hasSeenAutoDefaultNudge: true,
		customApiKeyResponses: {approved: [mockApiKey.slice(-20)], rejected: []},
		projects: Object.fromEntries(options.projects.map(project => [project, {hasTrustDialogAccepted: true}])),
	}));
	fs.writeFileSync(path.join(config, 'settings.json'), JSON.stringify({permissions: {defaultMode: 'default'}}));
	// A home of its own: Claude Code's Bash tool runs a login shell that reads the home's shell start-up files, and
	// the machine's (pyenv's rehash waiting on a lock a killed shell left behind, seen here) are not the test's.
	const home = path.join(directory, 'home');
	fs.mkdirSync(home, {recursive: true});
	return {
		HOME: home,
		ANTHROPIC_BASE_URL: options.apiUrl,
		ANTHROPIC_API_KEY: mockApiKey,
		CLAUDE_CONFIG_DIR: config,
		DISABLE_TELEMETRY: '1',
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
		DISABLE_AUTOUPDATER: '1',
	};
}

export type CodexInstall = {
	/** The native binary (the npm package's `codex` is a node script that runs it as its child). */
	binary: string;
	version: string;
	/** A directory holding `codex`, the npm package's script (as npm links it): put it on PATH. */
	binDirectory: string;
	/** A directory holding the native binary under another name (a hard link, so nothing but its screen tells). */
	otherNameDirectory: string;
	otherName: string;
};

const codexTargets: Record<string, string> = {'linux-x64': 'x86_64-unknown-linux-musl', 'linux-arm64': 'aarch64-unknown-linux-musl'};

/** The pinned Codex CLI, with `codex` and another name for its binary. */
export async function realCodex(): Promise<CodexInstall> {
	const directory = await installedAgents();
	const wrapper = path.join(directory, 'node_modules', '@openai', 'codex');
	const {version} = JSON.parse(fs.readFileSync(path.join(wrapper, 'package.json'), 'utf8')) as {version: string};
	const target = codexTargets[`${process.platform}-${process.arch}`];
	const binary = target === undefined ? '' : path.join(directory, 'node_modules', '@openai', `codex-${process.platform}-${process.arch}`, 'vendor', target, 'bin', 'codex');
	if (!fs.existsSync(binary)) {
		throw new Error(`Codex CLI ${version} has no binary for ${process.platform}-${process.arch} in ${directory}`);
	}

	const binDirectory = path.join(directory, 'bin-codex');
	const otherNameDirectory = path.join(directory, 'bin-codex-other-name');
	const otherName = 'assistant';
	if (!fs.existsSync(path.join(binDirectory, 'codex'))) {
		fs.mkdirSync(binDirectory, {recursive: true});
		fs.symlinkSync(path.join(wrapper, 'bin', 'codex.js'), path.join(binDirectory, 'codex'));
	}

	if (!fs.existsSync(path.join(otherNameDirectory, otherName))) {
		fs.mkdirSync(otherNameDirectory, {recursive: true});
		fs.linkSync(binary, path.join(otherNameDirectory, otherName));
	}

	return {binary, version, binDirectory, otherNameDirectory, otherName};
}

/** The model the Codex tests ask for: one Codex 0.169 has metadata for and sends plain function tools to. */
export const codexTestModel = 'gpt-5.5';

const tomlString = (value: string) => JSON.stringify(value);

/**
A Codex home (CODEX_HOME) whose config.toml points Codex at the mock (a model provider of its own, so no login),
skips every first-run screen (each key is one Codex writes itself once it is answered: the trusted projects, the
model migration and availability notices, the screen reader check), keeps it offline (no update check, analytics or
feedback) and in one process (no background app server, which 0.169 otherwise starts and leaves running), and asks
before an escalated command (on-request approvals in the workspace-write sandbox); plus the environment for it.
*/
export function codexEnvironment(directory: string, options: {apiUrl: string; projects: string[]}): Record<string, string> {
	const codexHome = path.join(directory, 'codex-home');
	fs.mkdirSync(codexHome, {recursive: true});
	const config = [
		`model = ${tomlString(codexTestModel)}`,
		'model_provider = "mock"',
		'approval_policy = "on-request"',
		'sandbox_mode = "workspace-write"',
		'check_for_update_on_startup = false',
		'',
		'[model_providers.mock]',
		'name = "Mock"',
		`base_url = ${tomlString(options.apiUrl)}`,
		'env_key = "CODEX_MOCK_API_KEY"',
		'wire_api = "responses"',
		'',
		// Only the project is writable in the sandbox (not /tmp, where the tests' files are): a write elsewhere asks.
		'[sandbox_workspace_write]',
		'exclude_slash_tmp = true',
		'exclude_tmpdir_env_var = true',
		'',
		'[features]',
		'daemon_auto_start = false',
		'',
		'[analytics]',
		'enabled = false',
		'',
		'[feedback]',
		'enabled = false',
		'',
		'[tui]',
		'screen_reader_detection_done = true',
		'',
		'[tui.model_availability_nux]',
		'"gpt-6.1-sol" = 99',
		'',
		'[notice.model_migrations]',
		`${tomlString(codexTestModel)} = "gpt-6-sol"`,
		'',
		...options.projects.flatMap(project => [`[projects.${tomlString(project)}]`, 'trust_level = "trusted"', '']),
	];
	fs.writeFileSync(path.join(codexHome, 'config.toml'), config.join('\n'));
	// A home of its own, as for Claude Code: Codex's commands run in a login shell.
	const home = path.join(directory, 'home');
	fs.mkdirSync(home, {recursive: true});
	return {HOME: home, CODEX_HOME: codexHome, CODEX_MOCK_API_KEY: 'codex-mock-key'};
}

export type GeminiInstall = {
	/** The npm package's script (node). */
	script: string;
	version: string;
	/** A directory holding `gemini`, a symlink to the script (as npm links it): put it on PATH. */
	binDirectory: string;
	/** A directory holding a one-line script under another name that runs it (as a user's wrapper would). */
	otherNameDirectory: string;
	otherName: string;
};

/** The pinned Gemini CLI, with `gemini` and another name for it. */
export async function realGemini(): Promise<GeminiInstall> {
	const directory = await installedAgents();
	const packageDirectory = path.join(directory, 'node_modules', '@google', 'gemini-cli');
	const {version} = JSON.parse(fs.readFileSync(path.join(packageDirectory, 'package.json'), 'utf8')) as {version: string};
	const script = path.join(packageDirectory, 'bundle', 'gemini.js');
	const binDirectory = path.join(directory, 'bin-gemini');
	const otherNameDirectory = path.join(directory, 'bin-gemini-other-name');
	const otherName = 'assistant';
	if (!fs.existsSync(path.join(binDirectory, 'gemini'))) {
		fs.mkdirSync(binDirectory, {recursive: true});
		fs.symlinkSync(script, path.join(binDirectory, 'gemini'));
	}

	if (!fs.existsSync(path.join(otherNameDirectory, otherName))) {
		fs.mkdirSync(otherNameDirectory, {recursive: true});
		fs.writeFileSync(path.join(otherNameDirectory, otherName), `#!/bin/sh\nexec node ${JSON.stringify(script)} "$@"\n`, {mode: 0o755});
	}

	return {script, version, binDirectory, otherNameDirectory, otherName};
}

/** The model the Gemini tests ask for: a fixed one, so Gemini CLI does not first ask a router which to use. */
export const geminiTestModel = 'gemini-2.5-flash';

/**
A Gemini CLI home (GEMINI_CLI_HOME) whose settings pick API-key authentication and a fixed model, keep it offline
(no usage statistics, telemetry or update check) and trust `projects`, plus the environment that points it at the
mock (GOOGLE_GEMINI_BASE_URL, which Gemini CLI accepts over plain http for 127.0.0.1 only).
*/
export function geminiEnvironment(directory: string, options: {apiUrl: string; projects: string[]}): Record<string, string> {
	const geminiHome = path.join(directory, 'gemini-home');
	fs.mkdirSync(path.join(geminiHome, '.gemini'), {recursive: true});
	fs.writeFileSync(path.join(geminiHome, '.gemini', 'settings.json'), JSON.stringify({
		security: {auth: {selectedType: 'gemini-api-key'}},
		model: {name: geminiTestModel},
		general: {enableAutoUpdate: false, enableAutoUpdateNotification: false},
		privacy: {usageStatisticsEnabled: false},
		telemetry: {enabled: false},
		ide: {hasSeenNudge: true},
	}));
	fs.writeFileSync(path.join(geminiHome, '.gemini', 'trustedFolders.json'), JSON.stringify(Object.fromEntries(options.projects.map(project => [project, 'TRUST_FOLDER']))));
	const home = path.join(directory, 'home');
	fs.mkdirSync(home, {recursive: true});
	return {HOME: home, GEMINI_CLI_HOME: geminiHome, GEMINI_API_KEY: 'gemini-mock-key', GOOGLE_GEMINI_BASE_URL: options.apiUrl};
}
