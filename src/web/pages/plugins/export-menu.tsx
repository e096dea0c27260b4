// Export the plugins matching the current filters, as CSV or JSON, one line per app or per app × user.
import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconJson } from '@tabler/icons-react';
import { queryString } from '../../api/client.ts';
import { apiQuery, type PluginFilters } from './use-plugin-filters.ts';

export function exportHref(file: string, f: PluginFilters): string {
  return `/api/v1/exports/${file}${queryString(apiQuery(f, false))}`;
}

export function ExportMenu({ filters }: { filters: PluginFilters }) {
  const item = (file: string, label: string, json = false) => (
    <Menu.Item
      component="a"
      href={exportHref(file, filters)}
      download
      leftSection={json ? <IconJson size={16} /> : <IconFileSpreadsheet size={16} />}
    >
      {label}
    </Menu.Item>
  );
  return (
    <Button.Group>
      <Button
        component="a"
        href={exportHref('apps.csv', filters)}
        download
        variant="default"
        leftSection={<IconDownload size={16} />}
      >
        Export CSV
      </Button>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="default" px={8} aria-label="More export formats">
            <IconChevronDown size={16} />
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Plugins matching the filters</Menu.Label>
          {item('apps.csv', 'Plugins (CSV)')}
          {item('apps.json', 'Plugins (JSON)', true)}
          <Menu.Label>One line per plugin and user</Menu.Label>
          {item('grants.csv', 'Grants (CSV)')}
          {item('grants.json', 'Grants (JSON)', true)}
        </Menu.Dropdown>
      </Menu>
    </Button.Group>
  );
}
