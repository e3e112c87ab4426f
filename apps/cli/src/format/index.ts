import type { Format } from '../messages';
import type { Formatter } from './common';
import { formatCsv } from './csv';
import { formatDot } from './dot';
import { formatJson } from './json';
import { formatMd } from './md';
import { formatTxt } from './txt';

export const FORMATTERS: Record<Format, Formatter> = {
  txt: formatTxt,
  json: formatJson,
  csv: formatCsv,
  dot: formatDot,
  md: formatMd,
};

export type { Formatter, FormatOptions } from './common';
