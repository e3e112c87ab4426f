// `@reachwatch/db/testing`: test support (createTestDatabase). Kept out of the main entry point so that
// services never load it.
export * from './src/testing';
