import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { IngestBatch, IngestResult } from '@reachwatch/contracts';
import { BodyLimit } from '../common/json-body';
import { Agent, AgentIdentity } from './agent-cluster';
import { AgentAuthGuard } from './agent-auth.guard';
import { IngestBatchPipe } from './ingest-batch.pipe';
import { IngestService } from './ingest.service';

/**
 * `POST /api/v1/ingest/:cluster` — an agent's batch (contract: @reachwatch/contracts ingest.ts).
 * Order of checks: token (guard) → rate limit (guard) → content type and size (body interceptor) →
 * contract (pipe) → write. Nothing is written unless every check passed.
 */
@Controller('api/v1/ingest')
export class IngestController {
  constructor(@Inject(IngestService) private readonly ingest: IngestService) {}

  @Post(':cluster')
  @HttpCode(200)
  @UseGuards(AgentAuthGuard)
  @BodyLimit('ingest')
  apply(@Agent() agent: AgentIdentity, @Body(new IngestBatchPipe()) batch: IngestBatch): Promise<IngestResult> {
    return this.ingest.apply(agent, batch);
  }
}
