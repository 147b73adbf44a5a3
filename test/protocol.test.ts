// The request line decoder under a slow dribble: each chunk costs its own size, not the whole unfinished line's.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {LineDecoder} from '../source/protocol.js';

const bytes = (text: string) => new TextEncoder().encode(text);

test('a 1 MB line dribbled one byte at a time is decoded whole (the old decoder re-split it on every byte: minutes)', {timeout: 60_000}, () => {
	const decoder = new LineDecoder(1024 * 1024);
	const line = JSON.stringify({jsonrpc: '2.0', id: 1, method: 'daemon.ping', params: {pad: 'x'.repeat(1_000_000 - 60)}});
	const encoded = bytes(line);
	for (let index = 0; index < encoded.length; index++) {
		assert.deepEqual(decoder.push(encoded.subarray(index, index + 1)), []);
	}

	assert.deepEqual(decoder.push(bytes('\n')), [line]);
});

test('lines split anywhere, multibyte characters cut between chunks, blank lines dropped', () => {
	const decoder = new LineDecoder(100);
	const encoded = bytes('héllo ✳ wörld\n\n  \nsecond\nthi');
	const seen: string[] = [];
	for (let index = 0; index < encoded.length; index += 3) {
		seen.push(...decoder.push(encoded.subarray(index, index + 3))!);
	}

	assert.deepEqual(seen, ['héllo ✳ wörld', 'second']);
	assert.deepEqual(decoder.push(bytes('rd\n')), ['third']);
});

test('a line past the limit is reported, whether it arrives whole or piece by piece', () => {
	assert.equal(new LineDecoder(10).push(bytes('0123456789a\n')), undefined);
	const dribbled = new LineDecoder(10);
	for (const piece of ['0123', '4567', '89']) {
		assert.deepEqual(dribbled.push(bytes(piece)), []);
	}

	assert.equal(dribbled.push(bytes('a')), undefined);
	assert.deepEqual(new LineDecoder(10).push(bytes('0123456789\n')), ['0123456789']);
});
