// Placeholder: routes of this resource are being written.
import type { App } from '../context.ts';

export function registerAuth(_app: App): void {}
