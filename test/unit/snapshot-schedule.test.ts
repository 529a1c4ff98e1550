// Recurring snapshot schedules: parsing per interval type and the next run time in the
// policy's time zone (CloudStack's DateUtil.getNextRunTime), across days, months and DST.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTimeZone, nextRunTime, parseIntervalType, parseSchedule } from '../../src/core/snapshot-schedule.js';

const at = (iso: string) => new Date(iso);
const next = (type: 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY', schedule: string, tz: string, now: string) =>
  nextRunTime(type, parseSchedule(type, schedule), tz, at(now)).toISOString();

describe('snapshot schedules', () => {
  it('parses interval types case-insensitively', () => {
    assert.equal(parseIntervalType('hourly'), 'HOURLY');
    assert.equal(parseIntervalType('Monthly'), 'MONTHLY');
    assert.equal(parseIntervalType('YEARLY'), undefined);
  });

  it('accepts MM, MM:HH and MM:HH:DD by type and refuses the rest', () => {
    assert.deepEqual(parseSchedule('HOURLY', '15'), { minute: 15, hour: 0, day: 1 });
    assert.deepEqual(parseSchedule('DAILY', '30:02'), { minute: 30, hour: 2, day: 1 });
    assert.deepEqual(parseSchedule('WEEKLY', '00:10:7'), { minute: 0, hour: 10, day: 7 });
    for (const [type, bad] of [['HOURLY', '60'], ['HOURLY', '10:01'], ['DAILY', '30'], ['DAILY', '30:24'], ['WEEKLY', '0:0:8'], ['MONTHLY', '0:0:29'], ['MONTHLY', 'a:b:c']] as const) {
      assert.throws(() => parseSchedule(type, bad), /Invalid schedule/, `${type} ${bad}`);
    }
  });

  it('knows time zones', () => {
    assert.ok(isTimeZone('UTC'));
    assert.ok(isTimeZone('Europe/Berlin'));
    assert.ok(!isTimeZone('Mars/Olympus'));
    assert.ok(!isTimeZone(''));
  });

  it('hourly: the next hour at the minute, strictly after now', () => {
    assert.equal(next('HOURLY', '15', 'UTC', '2030-01-01T10:00:00Z'), '2030-01-01T10:15:00.000Z');
    assert.equal(next('HOURLY', '15', 'UTC', '2030-01-01T10:15:00Z'), '2030-01-01T11:15:00.000Z');
    assert.equal(next('HOURLY', '0', 'UTC', '2030-12-31T23:59:00Z'), '2031-01-01T00:00:00.000Z');
    // India is 5:30 ahead: minute 15 there is minute 45 in UTC.
    assert.equal(next('HOURLY', '15', 'Asia/Kolkata', '2030-01-01T10:00:00Z'), '2030-01-01T10:45:00.000Z');
  });

  it('daily, weekly and monthly in the policy time zone', () => {
    assert.equal(next('DAILY', '30:02', 'Europe/Berlin', '2030-01-01T00:00:00Z'), '2030-01-01T01:30:00.000Z');
    assert.equal(next('DAILY', '30:02', 'Europe/Berlin', '2030-01-01T01:30:00Z'), '2030-01-02T01:30:00.000Z');
    // Summer time: 02:30 in Berlin is 00:30 UTC.
    assert.equal(next('DAILY', '30:02', 'Europe/Berlin', '2030-07-01T12:00:00Z'), '2030-07-02T00:30:00.000Z');
    // 2030-01-01 is a Tuesday; day 1 is Sunday.
    assert.equal(next('WEEKLY', '00:10:1', 'UTC', '2030-01-01T00:00:00Z'), '2030-01-06T10:00:00.000Z');
    assert.equal(next('WEEKLY', '00:10:3', 'UTC', '2030-01-01T09:00:00Z'), '2030-01-01T10:00:00.000Z');
    assert.equal(next('WEEKLY', '00:10:3', 'UTC', '2030-01-01T11:00:00Z'), '2030-01-08T10:00:00.000Z');
    assert.equal(next('MONTHLY', '00:00:28', 'UTC', '2030-01-29T00:00:00Z'), '2030-02-28T00:00:00.000Z');
    assert.equal(next('MONTHLY', '00:00:1', 'America/New_York', '2030-12-15T00:00:00Z'), '2031-01-01T05:00:00.000Z');
  });
});
