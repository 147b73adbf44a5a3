// Reading a program's status reports (OSC 7501) as programs send them, and what a hostile one cannot do.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseProgramStatus} from '../../source/state/program-status.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');

test('a status report: state, app, why blocked and a message', () => {
	assert.deepEqual(parseProgramStatus('state=working:app=codex'), {state: 'working', app: 'codex'});
	assert.deepEqual(parseProgramStatus('state=blocked:app=codex:kind=permission'), {state: 'blocked', app: 'codex', kind: 'permission'});
	assert.deepEqual(parseProgramStatus(`state=blocked:app=pi:kind=permission:msg=${base64('Allow bash?')}`), {state: 'blocked', app: 'pi', kind: 'permission', message: 'Allow bash?'});
	assert.deepEqual(parseProgramStatus('state=clear'), {state: 'clear'});
	for (const state of ['idle', 'done', 'error']) {
		assert.deepEqual(parseProgramStatus(`state=${state}`), {state});
	}
});

test('a query, an unknown state or a broken field is no report; what it says cannot carry controls', () => {
	assert.equal(parseProgramStatus('?'), undefined);
	assert.equal(parseProgramStatus('?version=2'), undefined);
	assert.equal(parseProgramStatus('state=sleeping'), undefined);
	assert.equal(parseProgramStatus(''), undefined);
	assert.deepEqual(parseProgramStatus('state=idle:app=my app:kind=permission:msg=%%%'), {state: 'idle'}, 'a bad app name, a kind outside blocked, a message that is not base64');
	assert.deepEqual(parseProgramStatus(`state=error:msg=${base64('first\nsecond\u001B[31m\u009Bthird\u0007')}`), {state: 'error', message: 'first second [31m third'});
	assert.equal(parseProgramStatus(`state=working:msg=${base64('x'.repeat(5000))}`)?.message?.length, 200);
});
