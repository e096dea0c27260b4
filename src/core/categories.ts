// The standard permission categories every SaaS scope is mapped into, with what each one means.
import type { Category } from './domain.ts';

export interface CategoryInfo {
  category: Category;
  description: string;
}

// Ordered from the narrowest access to the broadest, with Unknown last; the UI lists them in this order.
export const CATEGORIES: readonly CategoryInfo[] = [
  {
    category: 'Basic Profile and Presence',
    description: "The signed-in user's own identity and status, nothing about anyone else.",
  },
  {
    category: 'Collaboration and Communication',
    description: 'Tickets, conversations and messages between agents and customers.',
  },
  {
    category: 'Content and Knowledge',
    description: 'Help center articles, community posts and reusable content.',
  },
  {
    category: 'Directory and App Mgmt',
    description: 'People, organizations and the apps installed in the tenant.',
  },
  {
    category: 'Automation and Integrations',
    description:
      'Rules, webhooks and integrations that act on their own and can send data out of the tenant.',
  },
  {
    category: 'Security and Compliance',
    description: 'Audit logs and security settings.',
  },
  {
    category: 'Full Account Access',
    description: 'Every resource of the tenant at once, or acting as someone else.',
  },
  {
    category: 'Unknown',
    description: 'Not in the catalog: treated as high risk until someone reviews it.',
  },
];

export function categoryDescription(category: Category): string {
  return CATEGORIES.find((c) => c.category === category)?.description ?? '';
}
