/** @reachwatch/launcher — `npm start`: every part of Reachwatch on one machine, against a demo fleet. */
export { startStack } from './stack';
export type { RunningStack, StackOptions } from './stack';
export { DEMO_FLEET, MID_SIZE } from './fleet';
export type { DemoCluster } from './fleet';
