// Assertions on CloudStack error answers shared by the identity tests.
import assert from 'node:assert/strict';
import { type CsClient, type Json, inner } from './cs-client.js';

/** Calls a command that must fail with `code`; returns the errortext. */
export async function expectError(c: CsClient, command: string, params: Record<string, string | number | boolean>, code: number, text?: RegExp): Promise<string> {
  const r = await c.call(command, params);
  assert.equal(r.status, code, `${command} ${JSON.stringify(params)} → ${r.text}`);
  const e = inner(r.body);
  assert.equal(e.errorcode, code);
  if (text) assert.match(String(e.errortext), text);
  return String(e.errortext);
}

/** Runs an async command's job and asserts it failed with `code`. */
export async function expectJobError(c: CsClient, command: string, params: Record<string, string | number | boolean>, code: number, text?: RegExp): Promise<void> {
  const j = await c.job(command, params);
  assert.equal(j.jobstatus, 2, `${command} job should fail: ${JSON.stringify(j)}`);
  const r = j.jobresult as Json;
  assert.equal(r.errorcode, code);
  if (text) assert.match(String(r.errortext), text);
}
