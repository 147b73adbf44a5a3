// Compiling and matching screen-rule patterns so that no pattern can stall the daemon.
//
// The screens rules look at are program output, which nobody controls, and V8's backtracking engine can take
// minutes (or years) on one short row for a pattern like `^(a+)+$`; on the daemon's loop that stops every session,
// and even SIGTERM waits for the match. So a pattern from the config file runs on a linear-time engine: RE2's
// algorithm (re2js, a pure JavaScript port: no native build, no worker, nothing to time out or kill), whose cost is
// proportional to the row's length whatever the pattern. Its syntax is JavaScript's without lookaround and
// backreferences, which need backtracking by nature; such a pattern is refused when the config is read, with
// the rule's path. Rejecting "nested quantifiers" instead would be a heuristic (it misses `(a|a)*`), V8's
// `--enable-experimental-regexp-engine-on-excessive-backtracks` does not cover lookaround either, and a time
// budget off the main thread still needs a thread to kill. Built-in patterns are reviewed here, may use
// lookahead, and keep V8's engine, which is about five times faster on them (measured on a 50-row screen).
import {RE2JS} from 're2js';
import type {AgentProfile, Condition} from './rules.js';

/** What the rules need of a compiled pattern; a RegExp is one. */
export type ScreenPattern = {
	test(text: string): boolean;
	/** The first match: [whole match, first group] (the group undefined when absent or unmatched), or null. */
	exec(text: string): ArrayLike<string | undefined> | null;
};

export type PatternEngine = 'javascript' | 'linear';

export class PatternError extends Error {}

/** The flags every pattern is compiled with: multiline, Unicode, case-insensitive unless asked otherwise. */
export function javascriptFlags(caseSensitive: boolean): string {
	return caseSensitive ? 'mu' : 'imu';
}

/** Compiles a pattern on the given engine; throws a PatternError whose message is the reason alone. */
export function compileScreenPattern(source: string, caseSensitive: boolean, engine: PatternEngine): ScreenPattern {
	if (engine === 'javascript') {
		try {
			return new RegExp(source, javascriptFlags(caseSensitive));
		} catch (error) {
			// V8 says "Invalid regular expression: /source/flags: reason".
			throw new PatternError((error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, ''));
		}
	}

	return linearPattern(source, caseSensitive);
}

function linearPattern(source: string, caseSensitive: boolean): ScreenPattern {
	let compiled: RE2JS;
	try {
		compiled = RE2JS.compile(withRe2Escapes(source), RE2JS.MULTILINE | (caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE));
	} catch (error) {
		// re2js says "error parsing regexp: reason: `fragment`", the fragment led by the flags it added.
		const reason = (error as Error).message.replace(/^error parsing regexp: /, '').replaceAll(/`(?:\(\?[a-z]\))+/g, '`');
		const hint = /\(\?<?[=!]|\\\d/.test(source) ? ' (lookahead, lookbehind and backreferences are not supported: patterns from the config file run on a linear-time engine)' : '';
		throw new PatternError(reason + hint);
	}

	const hasGroup = compiled.groupCount() >= 1;
	return {
		test: text => compiled.test(text),
		exec(text) {
			const matcher = compiled.matcher(text);
			if (!matcher.find()) {
				return null;
			}

			return [matcher.group(0) ?? '', hasGroup ? matcher.group(1) ?? undefined : undefined];
		},
	};
}

/**
JavaScript's `\uXXXX` and `\u{X…}` escapes in RE2's spelling (`\x{…}`), so a pattern written for JavaScript (as
the readme shows them) means the same; an escaped backslash (`\\u`) is left alone.
*/
function withRe2Escapes(source: string): string {
	return source.replaceAll(/\\(?:u([\da-fA-F]{4})|u\{([\da-fA-F]{1,6})\}|([\s\S]))/g, (whole, four?: string, braced?: string) => {
		const hex = four ?? braced;
		return hex === undefined ? whole : `\\x{${hex}}`;
	});
}

/** Every pattern source in a profile: conditions (nested ones too), details, title patterns, notificationIdle. */
export function profilePatternSources(profile: AgentProfile): string[] {
	const sources: string[] = [];
	const walk = (condition: Condition & {detail?: string}) => {
		for (const source of [condition.line, condition.text, condition.beforeCursor, condition.detail]) {
			if (source !== undefined) {
				sources.push(source);
			}
		}

		for (const child of [...condition.all ?? [], ...condition.any ?? [], ...condition.not ?? []]) {
			walk(child);
		}
	};

	if (profile.signature) {
		walk(profile.signature);
	}

	for (const rule of profile.rules) {
		walk(rule);
	}

	sources.push(...Object.values(profile.title ?? {}).filter(source => source !== undefined));
	if (profile.notificationIdle !== undefined) {
		sources.push(profile.notificationIdle);
	}

	return sources;
}
