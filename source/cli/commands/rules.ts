// `claude-tui rules [AGENT]`: the agent profiles that decide sessions' states, as the config file has them now.
import {builtInProfiles, profileCatalog} from '../../agents/registry.js';
import {loadConfig} from '../../config.js';
import {parseAgentProfiles} from '../../state/profile-config.js';
import {configFile} from '../../paths.js';
import type {AgentProfile} from '../../state/rules.js';
import {defineCommand} from '../define.js';
import {UsageError} from '../errors.js';
import type {Output} from '../spec.js';

export const command = defineCommand({
	usage: 'claude-tui rules [AGENT] [--json]',
	description: 'Print the agent profiles that decide sessions\' states. The config file\'s ("agents") first, then the built-in ones they do not replace; with --json, as the config file takes them, to copy one as a starting point. Read from the config file now: a running daemon keeps the profiles it started with.',
	flags: {json: {type: 'boolean'}},
	flagHelp: ['--json              Print the profiles (or the one named) as JSON'],
	arity: [0, 1],
	run({flags, inputs: [agent], output}) {
		printProfiles({agent, json: flags.json}, output);
	},
});

/** The profiles in effect, the config file's first: a block each, or JSON the config file's "agents" takes. */
function printProfiles(options: {agent: string | undefined; json: boolean}, {out}: Output): void {
	const userProfiles = loadConfig(undefined, {parseAgents: parseAgentProfiles}).agents ?? [];
	const {profiles, agents} = profileCatalog(userProfiles);
	const chosen = options.agent === undefined ? profiles : profiles.filter(profile => profile.id === options.agent);
	if (chosen.length === 0) {
		throw new UsageError(`No agent profile "${options.agent}"; there are ${profiles.map(profile => profile.id).join(', ')}`);
	}

	if (options.json) {
		out(JSON.stringify(options.agent === undefined ? chosen : chosen[0], undefined, 2));
		return;
	}

	const fromConfig = new Set(userProfiles.map(profile => profile.id));
	const builtInIds = new Set(builtInProfiles.map(profile => profile.id));
	const blocks = chosen.map(profile => {
		const from = fromConfig.has(profile.id) ? (builtInIds.has(profile.id) ? 'config file, in place of the built-in one' : 'config file') : 'built-in';
		return describeProfile(profile, from, agents.includes(profile));
	});
	const file = configFile();
	blocks.push(`${userProfiles.length === 0 ? `No profiles in ${file}.` : `Profiles from ${file} come first.`} \`claude-tui rules ID --json\` prints one as "agents" in the config file takes it.`);
	out(blocks.join('\n\n'));
}

function describeProfile(profile: AgentProfile, from: string, agent: boolean): string {
	const rules = (['waiting', 'busy', 'idle'] as const).flatMap(state => profile.rules.filter(rule => rule.state === state).map(rule => `${rule.id} (${state})`));
	const title = Object.keys(profile.title ?? {});
	return [
		`${profile.id}: ${profile.name} (${from})`,
		`  commands   ${profile.commands.join(', ') || (profile.id === 'generic' ? 'any other' : 'none')}`,
		`  on screen  ${agent ? (profile.signature ? 'also recognised by its signature inside a shell or another program' : 'no signature: only by its commands') : 'an agent recognised on its screen takes over'}`,
		`  rules      ${rules.join(', ') || 'none'}`,
		...(title.length > 0 ? [`  title      ${title.join(', ')}`] : []),
		`  unmatched  a changing screen: ${profile.whenUnmatchedChanging}; a still one: ${profile.whenUnmatchedQuiet}; starting ends on ${profile.startingEndsOn}`,
	].join('\n');
}
