// Whether the screen is phone-sized (below Mantine's `sm` breakpoint, 48em): lists switch from tables to cards.
import { useMediaQuery } from '@mantine/hooks';

export function useNarrow(): boolean {
  return useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
}
