// Module declarations for what Vite bundles but TypeScript cannot resolve by itself (stylesheets).
declare module '*.css';
