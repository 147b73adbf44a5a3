// How a session's command starts: the adapter of the agent it runs adds what claude-tui needs (Claude Code: hooks
// that report its state, a conversation id a restore can resume), around a package runner's words if one runs it.
import crypto from 'node:crypto';
import type {ProfileCatalog} from '../state/rules.js';
import {builtInCatalog, type Recognition, recognizeCommand} from './registry.js';

export type SessionLaunch = {
	/** The arguments to remember: the user's, plus a conversation id of our choosing. */
	args: string[];
	/** What the child really gets. */
	launchArgs: string[];
	conversationId: string | undefined;
	recognition: Recognition;
};

export type LaunchOptions = {
	catalog?: ProfileCatalog;
	/** The executable the command resolves to: a symlink to an agent's binary is that agent. */
	executable?: string | undefined;
	/** The command line hooks run to report their state; undefined: no hooks. */
	reportCommand?: string | undefined;
	randomUUID?: () => string;
};

export function planLaunch(command: string, args: readonly string[], options: LaunchOptions = {}): SessionLaunch {
	const recognition = recognizeCommand(command, args, options.catalog ?? builtInCatalog, {executable: options.executable});
	const launch = recognition.adapter.launch;
	if (!launch) {
		return {args: [...args], launchArgs: [...args], conversationId: undefined, recognition};
	}

	const plan = launch(recognition.args, {reportCommand: options.reportCommand, randomUUID: options.randomUUID ?? crypto.randomUUID});
	return {
		args: [...recognition.prefix, ...plan.args],
		launchArgs: [...recognition.prefix, ...plan.launchArgs],
		conversationId: plan.conversationId,
		recognition,
	};
}
