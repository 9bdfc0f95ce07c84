import { redirect } from 'next/navigation';
import { PORTAL_PATHS } from '@/server/links';

export default function Home() {
  redirect(PORTAL_PATHS.contact);
}
