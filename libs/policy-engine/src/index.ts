export * from './model';
export * from './ports';
export * from './ip';
export * from './atoms';
export * from './selectors';
export * from './analysis';
