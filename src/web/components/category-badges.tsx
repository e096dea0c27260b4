// The permission categories an app holds, as short chips: the first few, then "+n"; the full names are in the
// title and the accessible name. Plain elements (styles.css): lists show hundreds of them.
import type { Category } from '../api/types.ts';

const SHORT: Partial<Record<Category, string>> = {
  'Basic Profile and Presence': 'Profile',
  'Collaboration and Communication': 'Collaboration',
  'Content and Knowledge': 'Content',
  'Directory and App Mgmt': 'Directory & Apps',
  'Automation and Integrations': 'Automation',
  'Security and Compliance': 'Security',
  'Full Account Access': 'Full Access',
};

export function CategoryBadges({ categories, max = 2 }: { categories: Category[]; max?: number }) {
  const shown = categories.slice(0, max);
  const rest = categories.slice(max);
  return (
    <span className="gs-chips">
      {shown.map((c) => (
        <span key={c} className="gs-chip" title={c}>
          <span aria-hidden="true">{SHORT[c] ?? c}</span>
          <span className="gs-sr">{c}</span>
        </span>
      ))}
      {rest.length > 0 && (
        <span className="gs-chip" title={rest.join(', ')}>
          <span aria-hidden="true">+{rest.length}</span>
          <span className="gs-sr">{rest.join(', ')}</span>
        </span>
      )}
    </span>
  );
}
