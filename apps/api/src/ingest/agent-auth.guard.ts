import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ClusterRepository } from '@reachwatch/db';
import { ApiError } from '../common/api-error';
import { MSG } from '../common/messages';
import type { RateLimiter } from '../common/rate-limiter';
import { CLUSTER_REPOSITORY, INGEST_LIMITERS } from '../tokens';
import { AGENT_IDENTITY, RequestWithAgent } from './agent-cluster';
import { parseBearer } from './bearer';

export interface IngestLimiters {
  /** Keyed by cluster id: requests with a valid token. */
  perCluster: RateLimiter;
  /** Keyed by client address and cluster name: failed authentications. */
  authFailures: RateLimiter;
}

/**
 * Shape of an agent token (libs/db generateAgentToken: "rwa_" + 32 random bytes in base64url). A token
 * of another shape cannot belong to any cluster; test/agent-auth.spec.ts checks the two stay in step.
 */
export const AGENT_TOKEN_SHAPE = /^rwa_[A-Za-z0-9_-]{43}$/;

const CHALLENGE = 'Bearer realm="reachwatch-ingest"';

/**
 * Who may ingest for `:cluster`. The rule (documented in apps/api/README.md):
 *  - 401 unauthenticated: no Authorization header, not exactly one Bearer token, or a token that is not
 *    shaped like an agent token (so it cannot be valid for any cluster).
 *  - 403 forbidden: an agent token that does not authorise this cluster — it belongs to another cluster,
 *    was replaced by a rotation, or the cluster does not exist. One answer for all three, so a caller
 *    learns neither whether the cluster exists nor whose token it holds.
 *  - 429 rate_limited: too many failed attempts from one address for one cluster name (checked before
 *    the database is asked), or too many authenticated requests for one cluster.
 * Nothing of the body has been read when this guard refuses (bodies are read by an interceptor, later).
 */
@Injectable()
export class AgentAuthGuard implements CanActivate {
  constructor(
    @Inject(CLUSTER_REPOSITORY) private readonly clusters: ClusterRepository,
    @Inject(INGEST_LIMITERS) private readonly limiters: IngestLimiters,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RequestWithAgent>();
    const clusterName = req.params.cluster;
    // Failures are counted per (address, cluster): under `npm start` every agent connects from
    // 127.0.0.1, and one misconfigured agent must not lock the others out. Agent tokens carry 256 bits,
    // so this limit is about load from broken or hostile clients, not about guessing.
    const failureKey = `${req.ip ?? req.socket.remoteAddress ?? 'unknown'} ${clusterName}`;

    const bearer = parseBearer(req.headers.authorization);
    if (bearer.kind === 'missing') throw this.fail(failureKey, 'unauthenticated', MSG.missingToken, CHALLENGE);
    if (bearer.kind === 'malformed') {
      throw this.fail(failureKey, 'unauthenticated', MSG.malformedToken, `${CHALLENGE}, error="invalid_request"`);
    }
    if (!AGENT_TOKEN_SHAPE.test(bearer.token)) {
      throw this.fail(failureKey, 'unauthenticated', MSG.unknownToken, `${CHALLENGE}, error="invalid_token"`);
    }

    const failures = this.limiters.authFailures.wouldAllow(failureKey);
    if (!failures.allowed) throw rateLimited(MSG.authRateLimited(failures.retryAfterSeconds), failures.retryAfterSeconds);

    const auth = await this.clusters.authenticate(clusterName, bearer.token);
    if (!auth.ok) throw this.fail(failureKey, 'forbidden', MSG.forbiddenCluster(clusterName));

    const taken = this.limiters.perCluster.take(String(auth.cluster.id));
    if (!taken.allowed) throw rateLimited(MSG.rateLimited(taken.retryAfterSeconds), taken.retryAfterSeconds);

    req[AGENT_IDENTITY] = { clusterId: auth.cluster.id, clusterName: auth.cluster.name };
    return true;
  }

  /** Count a failed attempt against (address, cluster), then build the refusal. */
  private fail(failureKey: string, code: 'unauthenticated' | 'forbidden', message: string, challenge?: string): ApiError {
    this.limiters.authFailures.take(failureKey);
    return new ApiError(code, message, undefined, challenge ? { 'WWW-Authenticate': challenge } : {});
  }
}

function rateLimited(message: string, seconds: number): ApiError {
  return new ApiError('rate_limited', message, { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
}
