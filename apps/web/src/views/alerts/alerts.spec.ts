import type { LiveAlert } from '@reachwatch/contracts';
import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../api/types';
import { applyAlertsEvent, countBySeverity, matches, readAlertFilters, replaceAlert, subjectText, type AlertFilters } from './alerts';

const liveAlert = (id: number, o: Partial<LiveAlert> = {}): LiveAlert => ({
  id, rule: 'exposed-to-internet', severity: 'high', state: 'open', subjectKey: 'default/web[Deployment]', subject: {}, message: 'web is reachable from the internet',
  details: {}, firstSeen: '2026-11-23T00:00:00Z', lastSeen: '2026-11-23T00:00:00Z', firstSeq: id, lastSeq: id, resolvedAt: null, ...o,
});
const view = (id: number, o: Partial<AlertView> = {}): AlertView => ({
  ...liveAlert(id), cluster: 'east', acknowledgedAt: null, acknowledgedBy: null, resolvedBy: null, ...o,
});
const OPEN: AlertFilters = readAlertFilters({});

describe('alerts', () => {
  it('reads filters from the URL: default open+acknowledged, `any` for every state', () => {
    expect(OPEN).toEqual({ cluster: undefined, states: ['open', 'acknowledged'], severities: [], rule: undefined });
    expect(readAlertFilters({ state: 'any', severity: 'critical,bogus,high', cluster: 'east' })).toEqual({ cluster: 'east', states: [], severities: ['critical', 'high'], rule: undefined });
    expect(matches(view(1, { state: 'resolved' }), readAlertFilters({ state: 'any' }))).toBe(true);
    expect(matches(view(1, { severity: 'low' }), readAlertFilters({ severity: 'high' }))).toBe(false);
    expect(matches(view(1, { cluster: 'west' }), readAlertFilters({ cluster: 'east' }))).toBe(false);
  });

  it('alert.raised inserts newest first; alert.updated replaces, and a resolved alert leaves an open-only list', () => {
    let list = [view(3), view(1)];
    list = applyAlertsEvent(list, { cluster: 'east', fromSeq: 3, toSeq: 4, alerts: [liveAlert(4)], truncated: false }, OPEN);
    expect(list.map((a) => a.id)).toEqual([4, 3, 1]);
    expect(list[0].cluster).toBe('east');
    list = applyAlertsEvent(list, { cluster: 'east', fromSeq: null, toSeq: null, alerts: [liveAlert(3, { state: 'resolved', resolvedAt: '2026-11-23T01:00:00Z' })], truncated: false }, OPEN);
    expect(list.map((a) => a.id)).toEqual([4, 1]);
  });

  it('keeps who acknowledged (events omit it) while the alert stays acknowledged', () => {
    const held = [view(7, { state: 'acknowledged', acknowledgedAt: '2026-11-23T00:30:00Z', acknowledgedBy: 'ana@example.com' })];
    const next = applyAlertsEvent(held, { cluster: 'east', fromSeq: 8, toSeq: 9, alerts: [liveAlert(7, { state: 'acknowledged', lastSeq: 9 })], truncated: false }, OPEN);
    expect(next[0]).toMatchObject({ acknowledgedBy: 'ana@example.com', lastSeq: 9 });
  });

  it('an alert of a filtered-out cluster or severity never enters the list', () => {
    const f = readAlertFilters({ cluster: 'west' });
    expect(applyAlertsEvent([], { cluster: 'east', fromSeq: 1, toSeq: 2, alerts: [liveAlert(2)], truncated: false }, f)).toEqual([]);
  });

  it('an acknowledge answer replaces the row in place', () => {
    const acked = view(3, { state: 'acknowledged', acknowledgedBy: 'me' });
    expect(replaceAlert([view(4), view(3)], acked, OPEN)).toEqual([view(4), acked]);
    expect(replaceAlert([view(4), view(3)], view(3, { state: 'resolved' }), OPEN).map((a) => a.id)).toEqual([4]);
  });

  it('counts per severity and names the subject without its kind', () => {
    expect(countBySeverity([view(1), view(2, { severity: 'critical' }), view(3)])).toEqual({ low: 0, medium: 0, high: 2, critical: 1 });
    expect(subjectText({ subjectKey: 'default/web[Deployment]' })).toBe('default/web');
  });
});
