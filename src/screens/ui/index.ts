// The shared building blocks screens draw with.
export { CopyableLine, HangingLine } from './Lines.js';
