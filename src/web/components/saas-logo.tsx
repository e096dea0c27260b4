// The mark of each SaaS application, drawn for Grantscope (a neutral glyph, not the vendor's trademark).
import { Group, Text } from '@mantine/core';

function ZendeskGlyph({ size }: { size: number }) {
  // A rounded tile with a speech bubble over a half-disc: "support conversations", in a sober green.
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#17494d" />
      <path
        d="M8 9h16a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2z"
        fill="#dbe8e3"
      />
      <circle cx="12" cy="14.5" r="1.4" fill="#17494d" />
      <circle cx="16" cy="14.5" r="1.4" fill="#17494d" />
      <circle cx="20" cy="14.5" r="1.4" fill="#17494d" />
    </svg>
  );
}

function GenericGlyph({ size }: { size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="var(--mantine-color-gray-6)" />
      <rect x="9" y="9" width="14" height="14" rx="3" fill="none" stroke="#fff" strokeWidth="2.5" />
    </svg>
  );
}

const NAMES: Record<string, string> = { zendesk: 'Zendesk' };

export function SaasLogo({ saas, size = 24 }: { saas: string; size?: number }) {
  return saas === 'zendesk' ? <ZendeskGlyph size={size} /> : <GenericGlyph size={size} />;
}

export function SaasName({ saas, name }: { saas: string; name?: string }) {
  return (
    <Group gap={8} wrap="nowrap">
      <SaasLogo saas={saas} />
      <Text fz="sm" fw={500}>
        {name ?? NAMES[saas] ?? saas}
      </Text>
    </Group>
  );
}
