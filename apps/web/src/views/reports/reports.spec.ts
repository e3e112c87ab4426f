import { describe, expect, it } from 'vitest';
import { clusterList, downloadHref, frameworkLabel, reportCounts, shortHash, verificationText } from './reports';

describe('reports', () => {
  it('reads pass/fail counts from a flat summary or libs/compliance’s `total`', () => {
    expect(reportCounts({ pass: 3, fail: 1, notApplicable: 2 })).toEqual({ pass: 3, fail: 1, notApplicable: 2 });
    expect(reportCounts({ total: { pass: 5, fail: 0, notApplicable: 1, findings: 0, clusters: 2 }, clusters: [] })).toEqual({ pass: 5, fail: 0, notApplicable: 1 });
    expect(reportCounts({})).toBeNull();
    expect(reportCounts(null)).toBeNull();
  });
  it('says what a verification found', () => {
    expect(verificationText({ matches: true, note: 'recomputed at the snapshot' })).toEqual({ ok: true, detail: 'recomputed at the snapshot' });
    expect(verificationText({ matches: false, clusters: [{ cluster: 'a', matches: true }, { cluster: 'b', matches: false }, { cluster: 'c', matches: false, problem: 'deleted' }] })).toEqual({ ok: false, detail: 'b; c: deleted' });
  });
  it('labels, links, lists and hashes', () => {
    expect(frameworkLabel('hipaa')).toBe('HIPAA 45 CFR 164.312');
    expect(frameworkLabel('other')).toBe('other');
    expect(downloadHref(7, 'csv')).toBe('/api/v1/reports/7/download?format=csv');
    expect(clusterList(' b, a ,, b')).toEqual(['a', 'b']);
    expect(shortHash('sha256:0123456789abcdef0123')).toBe('0123456789ab…');
    expect(shortHash('abc')).toBe('abc');
  });
});
