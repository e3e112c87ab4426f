import { BadRequestException, Controller, Get, INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { DbError } from '@reachwatch/db';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorFilter } from '../src/common/error.filter';
import { API_LOGGER } from '../src/tokens';
import { MemoryLogger } from './helpers';

/** Routes that fail in each way a handler can, behind the real ErrorFilter in a real Nest app. */
@Controller('fail')
class FailingController {
  @Get('bug')
  bug(): never {
    throw new TypeError('cannot read properties of undefined (secret internals)');
  }

  @Get('nest')
  nest(): never {
    throw new BadRequestException('page must be a number');
  }

  @Get('db')
  db(): never {
    throw new DbError('CLUSTER_EXISTS', 'A cluster named "east" already exists.');
  }

  @Get('db-internal')
  dbInternal(): never {
    throw new DbError('MIGRATION_FAILED', 'migration 2 failed: relation "x" exists');
  }
}

describe('ErrorFilter', () => {
  let app: INestApplication;
  const logger = new MemoryLogger();

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      controllers: [FailingController],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }, { provide: API_LOGGER, useValue: logger }],
    }).compile();
    app = module.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers a bug with a bare 500 and logs its stack', async () => {
    const res = await request(app.getHttpServer()).get('/fail/bug');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Internal error. The request may be retried; if it keeps failing, see the server log.' } });
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
    const logged = logger.lines.find((line) => line.includes('"event":"unhandled"'));
    expect(logged).toContain('secret internals');
    expect(logged).toContain('"stack":"TypeError');
  });

  it("maps Nest's own exceptions by status, keeping their message", async () => {
    const res = await request(app.getHttpServer()).get('/fail/nest');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'bad_request', message: 'page must be a number' } });
  });

  it('maps DbError codes; start-up codes during a request are bugs (500)', async () => {
    const exists = await request(app.getHttpServer()).get('/fail/db');
    expect(exists.status).toBe(409);
    expect(exists.body.error).toEqual({ code: 'conflict', message: 'A cluster named "east" already exists.' });
    const migration = await request(app.getHttpServer()).get('/fail/db-internal');
    expect(migration.status).toBe(500);
    expect(migration.body.error.code).toBe('internal');
  });

  it('answers an unknown route 404 in the same shape', async () => {
    const res = await request(app.getHttpServer()).delete('/fail/nothing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No route for DELETE /fail/nothing.' } });
  });
});
