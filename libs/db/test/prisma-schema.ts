import fs from 'node:fs';

/** The parts of prisma/schema.prisma that must agree with the SQL, read with a small line parser. */
export interface ParsedField {
  name: string;
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
  native?: string;
}
export interface ParsedModel {
  name: string;
  table: string;
  fields: ParsedField[];
  primaryKey: string[];
  indexNames: string[];
}

const SCALARS = new Set(['Bytes', 'String', 'BigInt', 'Int', 'Float', 'Boolean', 'DateTime', 'Json']);

export function parsePrismaSchema(file: string): ParsedModel[] {
  const models: ParsedModel[] = [];
  let current: (ParsedModel & { rawId: string[] }) | undefined;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const open = /^model (\w+) \{$/.exec(line);
    if (open) {
      current = { name: open[1], table: open[1], fields: [], primaryKey: [], indexNames: [], rawId: [] };
      continue;
    }
    if (!current || !line) continue;
    if (line === '}') {
      const column = (f: string) => current!.fields.find((x) => x.name === f)?.column ?? f;
      current.primaryKey = current.primaryKey.length ? current.primaryKey : current.rawId.map(column);
      const { rawId: _, ...model } = current;
      model.primaryKey = model.primaryKey.map(column);
      models.push(model);
      current = undefined;
      continue;
    }
    const table = /^@@map\("(\w+)"\)/.exec(line);
    if (table) current.table = table[1];
    const id = /^@@id\(\[([^\]]+)\]\)/.exec(line);
    if (id) current.rawId = id[1].split(',').map((s) => s.trim());
    const index = /^@@(?:index|unique)\(.*map: "(\w+)"/.exec(line);
    if (index) current.indexNames.push(index[1]);
    const field = /^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/.exec(line);
    if (field && !line.startsWith('@@') && SCALARS.has(field[2])) {
      const attrs = field[4];
      const f: ParsedField = {
        name: field[1],
        column: /@map\("(\w+)"\)/.exec(attrs)?.[1] ?? field[1],
        type: field[2],
        optional: field[3] === '?',
        list: field[3] === '[]',
        native: /@db\.(\w+)/.exec(attrs)?.[1],
      };
      current.fields.push(f);
      if (/@id\b/.test(attrs)) current.rawId = [f.name];
    }
  }
  return models;
}

/** Postgres names array element types by their internal names. */
const ARRAY_UDT: Record<string, string> = { String: 'text', BigInt: 'int8', Int: 'int4' };

/** The Postgres type a Prisma field maps to (information_schema.columns: data_type, or udt_name for arrays). */
export function expectedSqlType(f: ParsedField): string {
  if (f.list) return `ARRAY:_${ARRAY_UDT[f.type] ?? f.type.toLowerCase()}`;
  switch (f.type) {
    case 'String':
      return 'text';
    case 'BigInt':
      return 'bigint';
    case 'Int':
      return 'integer';
    case 'Float':
      return f.native === 'Real' ? 'real' : 'double precision';
    case 'Boolean':
      return 'boolean';
    case 'DateTime':
      return f.native === 'Timestamptz' ? 'timestamp with time zone' : 'timestamp without time zone';
    case 'Json':
      return f.native === 'Json' ? 'json' : 'jsonb';
    case 'Bytes':
      return 'bytea';
    default:
      return `unknown:${f.type}`;
  }
}
