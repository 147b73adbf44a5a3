// The one set of formatters (source/format.ts) and the one way a session is named (source/session-reference.ts).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatDuration, formatLocalTime, shortenHome} from '../../source/format.js';
import {matchSession} from '../../source/session-reference.js';

test('shortenHome shows the home directory as ~, and only a whole path component of it', () => {
	assert.equal(shortenHome('/home/ada', '/home/ada'), '~');
	assert.equal(shortenHome('/home/ada/src', '/home/ada'), '~/src');
	assert.equal(shortenHome('/home/adam', '/home/ada'), '/home/adam');
	assert.equal(shortenHome('/srv', '/'), '/srv');
	assert.equal(shortenHome('/srv', ''), '/srv');
});

test('formatDuration: seconds, minutes and seconds, then hours and minutes', () => {
	assert.equal(formatDuration(0), '0s');
	assert.equal(formatDuration(59.9), '59s');
	assert.equal(formatDuration(61), '1m 1s');
	assert.equal(formatDuration(3600 + 125), '1h 2m');
	assert.equal(formatDuration(-3), '0s');
});

test('formatLocalTime: local time, with or without the seconds', () => {
	const time = new Date(2025, 0, 31, 14, 5, 9);
	assert.equal(formatLocalTime(time), '2025-01-31 14:05:09');
	assert.equal(formatLocalTime(time, {seconds: false}), '2025-01-31 14:05');
});

test('matchSession: an id, then a name (the preferred one of several), then an unambiguous id prefix', () => {
	const sessions = [
		{id: 'aaaa1111', name: 'web', socket: 'a'},
		{id: 'aaaa2222', name: 'web', socket: 'b'},
		{id: 'bbbb3333', name: 'aaaa1111x'},
	];
	assert.deepEqual(matchSession(sessions, 'aaaa1111'), {session: sessions[0]});
	assert.deepEqual(matchSession(sessions, 'aaaa1111x'), {session: sessions[2]});
	assert.deepEqual(matchSession(sessions, 'web'), {problem: 'several names', sessions: sessions.slice(0, 2)});
	assert.deepEqual(matchSession(sessions, 'web', {prefer: session => session.socket === 'b'}), {session: sessions[1]});
	assert.deepEqual(matchSession(sessions, 'bbbb'), {session: sessions[2]});
	assert.deepEqual(matchSession(sessions, 'aaaa'), {problem: 'several ids', sessions: sessions.slice(0, 2)});
	assert.deepEqual(matchSession(sessions, 'cccc'), {problem: 'none'});
	assert.deepEqual(matchSession(sessions, ''), {problem: 'none'});
});
