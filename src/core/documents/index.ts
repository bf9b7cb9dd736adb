// Documents from templates in one import: status messages, post-mortems, new runbooks.
export * from './builtin';
export * from './variables';
export * from './runbookVariables';
export * from './render';
export * from './load';
export * from './documents';
export * from './write';
export * from './format';
export * from './masker';
export * from './runbookServices';
export * from './pickIncident';
export * from './shape';
