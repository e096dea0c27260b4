// A date shown relative to now ("3 days ago"), with the exact date and time as its title. Plain elements and a
// native title, not a Mantine Tooltip: lists show hundreds of dates.
import { formatDateTime, fromNow } from '../format.ts';

export function TimeText({
  iso,
  fallback = '—',
  fz = 'sm',
}: {
  iso: string | null | undefined;
  fallback?: string;
  fz?: 'xs' | 'sm';
}) {
  const style = { fontSize: `var(--mantine-font-size-${fz})` };
  if (!iso) {
    return (
      <span className="gs-sub" style={style}>
        {fallback}
      </span>
    );
  }
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className="gs-nowrap" style={style}>
      {fromNow(iso)}
    </time>
  );
}
