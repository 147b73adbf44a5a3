// How a command names a session: by its id, its name, or a prefix of its id no other session shares. The daemon
// resolves its live sessions this way, and the history commands the records on disk (which outlive their daemon).

export type SessionMatch<T> =
	| {session: T}
	| {problem: 'several names' | 'several ids'; sessions: T[]}
	| {problem: 'none'};

/**
The session `reference` names among `sessions`: an exact id first, then a name (where several share it, the one
`prefer` picks when it picks exactly one), then an id prefix.
*/
export function matchSession<T extends {id: string; name: string}>(
	sessions: Iterable<T>,
	reference: string,
	{prefer}: {prefer?: (session: T) => boolean} = {},
): SessionMatch<T> {
	const all = [...sessions];
	const byId = all.find(session => session.id === reference);
	if (byId) {
		return {session: byId};
	}

	const byName = all.filter(session => session.name === reference);
	const preferred = prefer && byName.length > 1 ? byName.filter(session => prefer(session)) : byName;
	if (preferred.length === 1) {
		return {session: preferred[0]!};
	}

	if (byName.length > 1) {
		return {problem: 'several names', sessions: byName};
	}

	const byPrefix = reference === '' ? [] : all.filter(session => session.id.startsWith(reference));
	if (byPrefix.length === 1) {
		return {session: byPrefix[0]!};
	}

	return byPrefix.length > 1 ? {problem: 'several ids', sessions: byPrefix} : {problem: 'none'};
}
