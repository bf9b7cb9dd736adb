// The incident model in one import: events, the fold, severities, checklists, the clock and the store.
export * from './events';
export * from './state';
export * from './severities';
export * from './checklists';
export * from './clock';
export * from './naming';
export * from './timeline';
export * from './store';
export * from './actor';
export * from './rules';
export * from './recordCellRun';
