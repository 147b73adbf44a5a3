// The prefix key table: one meaning per key, every action told of in the help, and the help drawn from it.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {lookupBinding, prefixBindings, prefixHelp} from '../../source/tui/bindings.js';
import {decodeKeys} from '../../source/tui/keys.js';

test('no key has two meanings', () => {
	const seen = new Map<string, string>();
	for (const binding of prefixBindings) {
		for (const key of binding.keys) {
			assert.equal(seen.get(key), undefined, `${key} is bound to ${seen.get(key)} and ${binding.action}`);
			seen.set(key, binding.action);
		}
	}
});

test('the help tells of every action exactly once, and of nothing unbound', () => {
	const told = prefixHelp.flatMap(line => line.actions);
	assert.deepEqual([...told].sort(), prefixBindings.map(binding => binding.action).sort());
});

test('keys as decoded find their binding; the way out works when too small; what changes a session is marked', () => {
	const action = (typed: string) => lookupBinding(decodeKeys(typed)[0]!)?.action;
	assert.equal(action('\u001B[A'), 'previous');
	assert.equal(action('\t'), 'focus-sidebar');
	assert.equal(action('7'), 'select-index');
	assert.equal(action(','), 'rename');
	assert.equal(action('q'), undefined);
	assert.deepEqual(prefixBindings.filter(binding => binding.whenTooSmall).map(binding => binding.action), ['detach']);
	assert.deepEqual(prefixBindings.filter(binding => binding.changes).map(binding => binding.action).sort(), ['kill', 'new', 'paste', 'rename']);
});
