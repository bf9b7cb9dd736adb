// Service health in one import: configuration, the runner, the monitor and the timeline hook.
export * from './types';
export * from './config';
export * from './condition';
export * from './defaults';
export * from './variables';
export * from './backoff';
export * from './runner';
export * from './monitor';
export * from './history';
export * from './timeline';
export { formatMs } from '../units';
export * from './trust';
