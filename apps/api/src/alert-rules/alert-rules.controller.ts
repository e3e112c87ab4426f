import { Body, Controller, Get, Inject, Param, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALERT_RULE_IDS, ALERT_RULES, AlertRulesConfig, DEFAULT_SEVERITY, SEVERITIES } from '@reachwatch/contracts';
import type { AlertRuleConfigRepository, Cluster, StoredAlertRulesConfig } from '@reachwatch/db';
import { actorOf } from '../auth/actor';
import { ClusterAccess } from '../auth/cluster-access';
import { Roles } from '../auth/decorators';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import type { HttpRequest } from '../common/http';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { ApiZodBody, ClusterParam } from '../openapi/zod-openapi';
import { ALERT_RULE_CONFIG_REPOSITORY } from '../tokens';
import { AlertRulesBody } from './alert-rules.schemas';
import { ALERT_RULES_MSG } from './messages';

/** The stored configuration with the rule catalogue beside it, so a form can show every rule. */
function rulesView(cluster: Cluster, stored: StoredAlertRulesConfig) {
  const { config } = stored;
  return {
    cluster: cluster.name,
    version: stored.version,
    updatedAt: stored.updatedAt?.toISOString() ?? null,
    updatedBy: stored.updatedBy,
    config,
    severities: SEVERITIES,
    rules: ALERT_RULE_IDS.map((id) => ({
      id,
      description: ALERT_RULES[id],
      defaultSeverity: DEFAULT_SEVERITY[id],
      enabled: config.rules[id]?.enabled ?? true,
      severity: config.rules[id]?.severity ?? DEFAULT_SEVERITY[id],
    })),
    note: ALERT_RULES_MSG.catalogue,
  };
}

/**
 * `/clusters/{c}/alert-rules`: which alert rules the worker evaluates on this cluster, at which severity,
 * what they ignore, and the compliance scopes. Reading: any role with access; replacing: admin (audited;
 * the worker picks the new version up before its next step).
 */
@ApiTags('alert-rules')
@Controller('api/v1/clusters/:cluster/alert-rules')
export class AlertRulesController {
  constructor(
    @Inject(ClusterAccess) private readonly access: ClusterAccess,
    @Inject(ALERT_RULE_CONFIG_REPOSITORY) private readonly rules: AlertRuleConfigRepository,
  ) {}

  @Get()
  @ClusterParam()
  @ApiOperation({ summary: 'The effective alert-rule configuration (defaults filled in), its version, and the rule catalogue with default severities' })
  async get(@CurrentPrincipal() p: Principal, @Param('cluster') name: string) {
    const cluster = await this.access.assertClusterAccess(p, name);
    return rulesView(cluster, await this.rules.get(cluster.id));
  }

  @Put()
  @Roles('admin')
  @ClusterParam()
  @ApiOperation({
    summary: 'Replace the alert-rule configuration (admin)',
    description: 'Selectors (scopes, ignore entries) are kubectl label-selector text, e.g. `pci=cde` or `tier in (db,cache),!legacy`; each is checked with the engine parser.',
  })
  @ApiZodBody(AlertRulesConfig)
  async put(@CurrentPrincipal() p: Principal, @Param('cluster') name: string, @Body(new ZodBodyPipe(AlertRulesBody, 'alert-rule configuration')) body: AlertRulesBody, @Req() req: HttpRequest) {
    const cluster = await this.access.assertClusterAccess(p, name);
    return rulesView(cluster, await this.rules.put(cluster.id, body, actorOf(p, req)));
  }
}
