export * from './errors';
export * from './api/common';
export * from './api/identity';
export * from './api/policies';
export * from './api/events';
export * from './api/account';
