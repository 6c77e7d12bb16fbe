import { ArrowLeft } from 'lucide-react';
import { Link } from 'react-router';

/** The visible way up from a screen (the app has no browser back button). */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <p className="back">
      <Link to={to}>
        <ArrowLeft aria-hidden="true" size={16} />
        {label}
      </Link>
    </p>
  );
}
