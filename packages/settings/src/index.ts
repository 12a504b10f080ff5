export * from './definitions';
export * from './effective';
export * from './names';
export * from './validate';
