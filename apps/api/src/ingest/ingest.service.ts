import { Inject, Injectable } from '@nestjs/common';
import type { IngestBatch, IngestResult } from '@reachwatch/contracts';
import type { IngestRepository } from '@reachwatch/db';
import { DbError } from '@reachwatch/db';
import { ApiError } from '../common/api-error';
import type { ApiLogger } from '../common/logger';
import { MSG } from '../common/messages';
import { API_LOGGER, INGEST_REPOSITORY } from '../tokens';
import type { AgentIdentity } from './agent-cluster';

@Injectable()
export class IngestService {
  constructor(
    @Inject(INGEST_REPOSITORY) private readonly ingest: IngestRepository,
    @Inject(API_LOGGER) private readonly logger: ApiLogger,
  ) {}

  /**
   * Writes one validated batch for the agent's cluster (one transaction, idempotent, NOTIFY: see
   * IngestRepository.applyBatch). That transaction also records that the agent was seen (the cluster's
   * last_seen_at), so no second write follows it.
   */
  async apply(agent: AgentIdentity, batch: IngestBatch): Promise<IngestResult> {
    let result: IngestResult;
    try {
      // The controller's pipe checked the contract; the repository runs only the checks it cannot express.
      result = await this.ingest.applyParsedBatch(agent.clusterId, batch);
    } catch (err) {
      // Deleted between authentication and the write: the token no longer authorises anything.
      if (err instanceof DbError && err.code === 'CLUSTER_NOT_FOUND') {
        throw new ApiError('forbidden', MSG.forbiddenCluster(agent.clusterName));
      }
      throw err;
    }
    this.logger.info('ingest', { cluster: agent.clusterName, agent: batch.agentId, ...result });
    return result;
  }
}
