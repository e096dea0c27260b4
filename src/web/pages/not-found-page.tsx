// A console address that leads nowhere.
import { Button } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { Empty } from '../components/empty.tsx';

export function NotFoundPage() {
  return (
    <Empty
      icon={<IconMapQuestion />}
      title="Nothing here"
      description="This page does not exist. The navigation on the left lists every page."
      action={
        <Button component={Link} to="/" variant="light">
          Go to the overview
        </Button>
      }
    />
  );
}
