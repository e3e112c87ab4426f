import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import { FRAMEWORK_IDS } from '../src/frameworks';
import { REPORT_SCHEMA, renderJson } from '../src/render/json';
import { cluster, report, state } from './fixtures';
import { EAST, fleetReport } from './scenario';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(REPORT_SCHEMA);

describe('JSON format', () => {
  it.each(FRAMEWORK_IDS)('%s: a fleet report with history validates against the published schema', (fw) => {
    const parsed = JSON.parse(renderJson(fleetReport(fw)));
    expect(validate(parsed), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('a report from manifests (no history, an empty cluster) validates too', () => {
    const parsed = JSON.parse(renderJson(report('pci-dss-4.0.1', [cluster('m', EAST, null), cluster('n', state({}), null)], { scope: '' })));
    expect(parsed.changes).toBeNull();
    expect(validate(parsed), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('the schema rejects what the report must not be: an unknown status, a missing hash, extra fields', () => {
    const good = JSON.parse(renderJson(fleetReport()));
    const bad1 = structuredClone(good);
    bad1.checks[0].status = 'warn';
    const bad2 = structuredClone(good);
    delete bad2.metadata.stateHash;
    const bad3 = structuredClone(good);
    bad3.checks[0].evidence[0].severity = 'high';
    for (const b of [bad1, bad2, bad3]) expect(validate(b)).toBe(false);
  });

  it('is the report itself, pretty-printed, ending with a newline', () => {
    const r = fleetReport();
    const text = renderJson(r);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(r);
  });
});
