// Agent profiles from the config file ("agents": [...]): checked field by field, so a mistake is named by its
// path (`agents[0].rules[2].line: invalid regular expression: …`), then filled in with defaults, so that the
// detector only ever sees complete profiles whose every pattern compiles.
import {
	type AgentProfile,
	type Condition,
	type Region,
	type ScreenRule,
	type ScreenState,
	compileProfile,
	screenPattern,
} from './rules.js';
import {builtInProfiles, commandName} from '../agents/registry.js';

/**
What an optional field is when a profile leaves it out: the generic program profile's behaviour (output means
work, stillness means idle), so a profile with one rule behaves as before plus that rule.
*/
export const profileDefaults = {
	whenUnmatchedChanging: 'busy',
	whenUnmatchedQuiet: 'idle',
	startingEndsOn: 'output',
} as const satisfies Pick<AgentProfile, 'whenUnmatchedChanging' | 'whenUnmatchedQuiet' | 'startingEndsOn'>;

/** A rule's or signature's region when it gives none. */
const defaultRegion: Region = 'screen';

const states: readonly ScreenState[] = ['waiting', 'busy', 'idle'];
const conditionFields = ['region', 'line', 'text', 'beforeCursor', 'all', 'any', 'not'] as const;
const ruleFields = ['id', 'state', 'caseSensitive', 'detail', ...conditionFields] as const;
const profileFields = [
	'id',
	'extends',
	'name',
	'commands',
	'signature',
	'rules',
	'title',
	'notificationIdle',
	'whenUnmatchedChanging',
	'whenUnmatchedQuiet',
	'startingEndsOn',
] as const;

type Invalid = (message: string) => Error;
type JsonObject = Record<string, unknown>;

const quoted = (values: readonly string[]) => values.map(value => `"${value}"`).join(', ');

/**
The user's profiles, from the config file's `agents` value. `invalid` makes the error for a bad field, given a
message that starts with the field's path.
*/
export function parseAgentProfiles(value: unknown, invalid: Invalid): AgentProfile[] {
	if (!Array.isArray(value)) {
		throw invalid('agents: must be a list of agent profiles, e.g. [{"id": "myagent", "commands": ["myagent"], "rules": [...]}]');
	}

	const profiles: AgentProfile[] = [];
	const idsAt = new Map<string, string>();
	const commandsAt = new Map<string, string>();
	for (const [index, entry] of value.entries()) {
		const at = `agents[${index}]`;
		const profile = parseProfile(entry, at, invalid);
		const earlier = idsAt.get(profile.id);
		if (earlier) {
			throw invalid(`${at}.id: "${profile.id}" is already the id of ${earlier}`);
		}

		idsAt.set(profile.id, at);
		for (const [commandIndex, command] of profile.commands.entries()) {
			const claimed = commandsAt.get(command);
			if (claimed) {
				throw invalid(`${at}.commands[${commandIndex}]: "${command}" is already claimed by ${claimed}`);
			}

			commandsAt.set(command, at);
		}

		profiles.push(profile);
	}

	return profiles;
}

function parseProfile(value: unknown, at: string, invalid: Invalid): AgentProfile {
	const entry = object(value, at, invalid);
	onlyFields(entry, profileFields, at, invalid);
	const id = identifier(entry['id'], `${at}.id`, invalid);
	const base = entry['extends'] === undefined ? undefined : builtIn(entry['extends'], `${at}.extends`, invalid);

	const rules = entry['rules'] === undefined ? [] : list(entry['rules'], `${at}.rules`, invalid).map((rule, index) => parseRule(rule, `${at}.rules[${index}]`, invalid));
	const ruleAt = new Map<string, number>();
	for (const [index, rule] of rules.entries()) {
		const earlier = ruleAt.get(rule.id);
		if (earlier !== undefined) {
			throw invalid(`${at}.rules[${index}].id: "${rule.id}" is already the id of rules[${earlier}]`);
		}

		ruleAt.set(rule.id, index);
	}

	const profile: AgentProfile = {
		id,
		name: entry['name'] === undefined ? base?.name ?? id : nonEmptyString(entry['name'], `${at}.name`, invalid),
		commands: entry['commands'] === undefined ? [...base?.commands ?? []] : commands(entry['commands'], `${at}.commands`, invalid),
		...(base ? {extends: base.id} : {}),
		rules: base ? mergeRules(base.rules, rules) : rules,
		whenUnmatchedChanging: entry['whenUnmatchedChanging'] === undefined
			? base?.whenUnmatchedChanging ?? profileDefaults.whenUnmatchedChanging
			: oneOf(entry['whenUnmatchedChanging'], ['busy', 'keep'], `${at}.whenUnmatchedChanging`, invalid),
		whenUnmatchedQuiet: entry['whenUnmatchedQuiet'] === undefined
			? base?.whenUnmatchedQuiet ?? profileDefaults.whenUnmatchedQuiet
			: oneOf(entry['whenUnmatchedQuiet'], ['idle', 'keep'], `${at}.whenUnmatchedQuiet`, invalid),
		startingEndsOn: entry['startingEndsOn'] === undefined
			? base?.startingEndsOn ?? profileDefaults.startingEndsOn
			: oneOf(entry['startingEndsOn'], ['output', 'match'], `${at}.startingEndsOn`, invalid),
	};

	const signature = entry['signature'] === undefined ? base?.signature : parseSignature(entry['signature'], `${at}.signature`, invalid);
	if (signature) {
		profile.signature = signature;
	}

	const title = entry['title'] === undefined ? base?.title : parseTitle(entry['title'], `${at}.title`, invalid);
	if (title) {
		profile.title = title;
	}

	const notificationIdle = entry['notificationIdle'] === undefined ? base?.notificationIdle : pattern(entry['notificationIdle'], false, `${at}.notificationIdle`, invalid);
	if (notificationIdle !== undefined) {
		profile.notificationIdle = notificationIdle;
	}

	// The generic profile is the fallback for every command no profile names: it needs neither.
	if (profile.commands.length === 0 && !profile.signature && id !== 'generic') {
		const start = builtInProfiles.some(known => known.id === id) ? `; "extends": "${id}" starts from the built-in profile` : '';
		throw invalid(`${at}: needs "commands" (the command names that select it) or a "signature" (how to recognise it on screen), or it never applies${start}`);
	}

	// Every pattern was checked above with the detector's own flags; compiling here too keeps the two from drifting.
	try {
		compileProfile(profile);
	} catch (error) {
		throw invalid(`${at}: ${(error as Error).message}`);
	}

	return profile;
}

/** A built-in profile's rules with the user's: a rule with a built-in rule's id replaces it there, the others go first. */
function mergeRules(builtInRules: readonly ScreenRule[], userRules: readonly ScreenRule[]): ScreenRule[] {
	const byId = new Map(userRules.map(rule => [rule.id, rule]));
	const replacing = new Set(builtInRules.map(rule => rule.id).filter(id => byId.has(id)));
	return [...userRules.filter(rule => !replacing.has(rule.id)), ...builtInRules.map(rule => byId.get(rule.id) ?? rule)];
}

function parseRule(value: unknown, at: string, invalid: Invalid): ScreenRule {
	const entry = object(value, at, invalid);
	onlyFields(entry, ruleFields, at, invalid);
	const id = identifier(entry['id'], `${at}.id`, invalid);
	if (entry['state'] === undefined) {
		throw invalid(`${at}.state: missing; say which state the rule means: ${quoted(states)}`);
	}

	const state = oneOf(entry['state'], states, `${at}.state`, invalid);
	const caseSensitive = entry['caseSensitive'] === undefined ? false : boolean(entry['caseSensitive'], `${at}.caseSensitive`, invalid);
	const {region: _region, ...tests} = parseCondition(entry, at, caseSensitive, invalid);
	const rule: ScreenRule = {id, state, region: region(entry['region'] ?? defaultRegion, `${at}.region`, invalid), ...tests};
	if (!conditionFields.some(field => field !== 'region' && entry[field] !== undefined)) {
		throw invalid(`${at}: a rule needs a condition ("line", "text", "beforeCursor", "all", "any" or "not"), or it matches every screen`);
	}

	if (entry['caseSensitive'] !== undefined) {
		rule.caseSensitive = caseSensitive;
	}

	if (entry['detail'] !== undefined) {
		rule.detail = pattern(entry['detail'], caseSensitive, `${at}.detail`, invalid);
	}

	return rule;
}

function parseSignature(value: unknown, at: string, invalid: Invalid): Condition & {region: Region} {
	const entry = object(value, at, invalid);
	onlyFields(entry, conditionFields, at, invalid);
	if (!conditionFields.some(field => field !== 'region' && entry[field] !== undefined)) {
		throw invalid(`${at}: a signature needs a condition ("line", "text", "beforeCursor", "all", "any" or "not"), or every screen is this agent`);
	}

	// Signatures are matched case-insensitively (see compileProfile).
	const {region: _region, ...tests} = parseCondition(entry, at, false, invalid);
	return {region: region(entry['region'] ?? defaultRegion, `${at}.region`, invalid), ...tests};
}

/** The condition fields of an object already checked for unknown fields. */
function parseCondition(entry: JsonObject, at: string, caseSensitive: boolean, invalid: Invalid): Condition {
	const condition: Condition = {};
	if (entry['region'] !== undefined) {
		condition.region = region(entry['region'], `${at}.region`, invalid);
	}

	for (const field of ['line', 'text', 'beforeCursor'] as const) {
		if (entry[field] !== undefined) {
			condition[field] = pattern(entry[field], caseSensitive, `${at}.${field}`, invalid);
		}
	}

	for (const field of ['all', 'any', 'not'] as const) {
		if (entry[field] !== undefined) {
			condition[field] = list(entry[field], `${at}.${field}`, invalid).map((child, index) => {
				const childAt = `${at}.${field}[${index}]`;
				const childEntry = object(child, childAt, invalid);
				onlyFields(childEntry, conditionFields, childAt, invalid);
				return parseCondition(childEntry, childAt, caseSensitive, invalid);
			});
		}
	}

	return condition;
}

function parseTitle(value: unknown, at: string, invalid: Invalid): Partial<Record<ScreenState, string>> {
	const entry = object(value, at, invalid);
	onlyFields(entry, states, at, invalid);
	const title: Partial<Record<ScreenState, string>> = {};
	for (const state of states) {
		if (entry[state] !== undefined) {
			// Titles are matched case-sensitively (see compileProfile).
			title[state] = pattern(entry[state], true, `${at}.${state}`, invalid);
		}
	}

	return title;
}

// --- fields -------------------------------------------------------------------------------------------------------

function object(value: unknown, at: string, invalid: Invalid): JsonObject {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalid(`${at}: must be an object`);
	}

	return value as JsonObject;
}

function onlyFields(entry: JsonObject, known: readonly string[], at: string, invalid: Invalid): void {
	const unknown = Object.keys(entry).find(key => !known.includes(key));
	if (unknown !== undefined) {
		throw invalid(`${at}: unknown field "${unknown}" (known: ${known.join(', ')})`);
	}
}

function list(value: unknown, at: string, invalid: Invalid): unknown[] {
	if (!Array.isArray(value)) {
		throw invalid(`${at}: must be a list`);
	}

	return value;
}

function nonEmptyString(value: unknown, at: string, invalid: Invalid): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalid(`${at}: must be a non-empty string`);
	}

	return value;
}

function boolean(value: unknown, at: string, invalid: Invalid): boolean {
	if (typeof value !== 'boolean') {
		throw invalid(`${at}: must be true or false`);
	}

	return value;
}

/** A profile's or rule's id: shown by `explain` and `ls --json`, so one printable word (`myagent.confirm`). */
function identifier(value: unknown, at: string, invalid: Invalid): string {
	if (value === undefined) {
		throw invalid(`${at}: missing; every profile and rule needs an id, e.g. "myagent" or "myagent.confirm"`);
	}

	if (typeof value !== 'string' || !/^[\w.:-]{1,64}$/u.test(value)) {
		throw invalid(`${at}: must be a word of letters, digits and . _ : - (at most 64), e.g. "myagent.confirm", not ${JSON.stringify(value)}`);
	}

	return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], at: string, invalid: Invalid): T {
	if (typeof value !== 'string' || !allowed.includes(value as T)) {
		throw invalid(`${at}: must be ${allowed.length === 2 ? allowed.map(item => `"${item}"`).join(' or ') : `one of ${quoted(allowed)}`}, not ${JSON.stringify(value)}`);
	}

	return value as T;
}

function builtIn(value: unknown, at: string, invalid: Invalid): AgentProfile {
	const found = builtInProfiles.find(profile => profile.id === value);
	if (!found) {
		throw invalid(`${at}: no built-in profile ${JSON.stringify(value)}; the built-in ones are ${quoted(builtInProfiles.map(profile => profile.id))}`);
	}

	return found;
}

function commands(value: unknown, at: string, invalid: Invalid): string[] {
	return list(value, at, invalid).map((item, index) => {
		const name = nonEmptyString(item, `${at}[${index}]`, invalid);
		// Matched against the basename of the session's command, without .exe and the like, in lower case.
		if (commandName(name) !== name.toLowerCase()) {
			throw invalid(`${at}[${index}]: must be a command's name without a directory or extension, e.g. "${commandName(name)}", not "${name}"`);
		}

		return name.toLowerCase();
	});
}

function region(value: unknown, at: string, invalid: Invalid): Region {
	if (value === 'screen' || value === 'cursorRow') {
		return value;
	}

	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		const bottom = (value as JsonObject)['bottom'];
		if (Object.keys(value).length === 1 && typeof bottom === 'number' && Number.isInteger(bottom) && bottom >= 1) {
			return {bottom};
		}
	}

	throw invalid(`${at}: must be "screen", "cursorRow" or {"bottom": N} (the last N non-blank rows, N from 1), not ${JSON.stringify(value)}`);
}

/** A regular expression's source, checked on the engine and with the flags the detector will run it with. */
function pattern(value: unknown, caseSensitive: boolean, at: string, invalid: Invalid): string {
	if (typeof value !== 'string') {
		throw invalid(`${at}: must be a regular expression, as a string`);
	}

	try {
		screenPattern(value, caseSensitive);
	} catch (error) {
		throw invalid(`${at}: invalid regular expression: ${(error as Error).message}, in ${JSON.stringify(value)}`);
	}

	return value;
}
