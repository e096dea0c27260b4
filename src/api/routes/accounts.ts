// Placeholder: routes of this resource are being written.
import type { App } from '../context.ts';

export function registerAccounts(_app: App): void {}
