import { ArrowLeft } from 'lucide-react';
import { Link, useNavigate } from 'react-router';

/**
 * The visible way up from a screen (the app has no browser back button), always a link at the top.
 * `history`: go back to the page as it was left (a list with its filters), `to` where there is none.
 */
export function BackLink({ to, label, history }: { to: string; label: string; history?: boolean }) {
  const navigate = useNavigate();
  return (
    <p className="back">
      <Link
        to={to}
        onClick={(e) => {
          if (!history || window.history.length < 2) return;
          e.preventDefault();
          void navigate(-1);
        }}
      >
        <ArrowLeft aria-hidden="true" size={16} />
        {label}
      </Link>
    </p>
  );
}
