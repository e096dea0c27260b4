// Placeholder: routes of this resource are being written.
import type { App } from '../context.ts';

export function registerApiKeys(_app: App): void {}
