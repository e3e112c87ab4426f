/**
 * @reachwatch/sim — a Kubernetes API simulator: scenario clusters served over the real HTTP API
 * (discovery, list/watch with resourceVersions, paging, 410s, create/update/patch/apply/delete), with
 * Deployments synthesising pods and timed scripts that make the demo move.
 */
export { startSimCluster } from './cluster';
export type { SimCluster, SimClusterOptions } from './cluster';
export { writeKubeconfig, kubeconfigText, SIM_USER, SIM_TOKEN } from './kubeconfig';
export { GENERATED_SIZES, generateObjects, generatedParams, stateToObjects } from './generated';
export type { GeneratedOptions } from './generated';
export { loadScenario, scenarioDir, ScenarioError } from './scenario';
export type { Scenario } from './scenario';
export type { ScriptStep, ScriptAction } from './script';
export type { ScriptReport } from './script-runner';
export { SCRIPT_MANAGER } from './script-runner';
export { SIM_MANAGER } from './ops';
export { CONTROLLER_MANAGER } from './controllers';
export { RESOURCE_TYPES } from './resources';
export type { ResourceType } from './resources';
export type { KObj } from './store';
