import { describe, expect, it } from 'vitest';
import { decodeMatrixParams, encodeMatrixParams, MAX_NAMESPACES, type MatrixParams } from './params';

const drop = (r: Record<string, string | undefined>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Record<string, string>;

describe('matrix URL parameters', () => {
  it('round-trips a drilled, selected state', () => {
    const m: MatrixParams = {
      namespaces: ['default', 'yahoo'],
      drill: { src: 'yahoo', dst: 'default' },
      cell: { src: 'yahoo/lol-yahoo[Deployment]', dst: 'default/lol-default[Deployment]' },
      explainPort: { protocol: 'TCP', port: 80 },
    };
    const url = drop(encodeMatrixParams(m));
    expect(url).toEqual({ ns: 'default,yahoo', src: 'yahoo', dst: 'default', cell: 'yahoo/lol-yahoo[Deployment]→default/lol-default[Deployment]', eport: 'TCP/80' });
    expect(decodeMatrixParams(url)).toEqual(m);
  });

  it('defaults to nothing, and drops what is not valid', () => {
    expect(drop(encodeMatrixParams(decodeMatrixParams({})))).toEqual({});
    expect(decodeMatrixParams({ ns: 'ok,BAD', src: 'Bad', dst: 'ok', cell: 'nope', eport: 'x' })).toEqual({ namespaces: ['ok'], drill: null, cell: null, explainPort: null });
  });

  it('keeps at most as many namespaces as the API takes', () => {
    const many = Array.from({ length: 80 }, (_, i) => `ns-${String(i).padStart(2, '0')}`).join(',');
    expect(decodeMatrixParams({ ns: many }).namespaces).toHaveLength(MAX_NAMESPACES);
  });
});
