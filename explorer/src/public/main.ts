/**
 * The public pages' entry (served at `/`): no sign-in, phone first, no framework. The pages themselves are small and
 * ship in this chunk (measured: on a slow phone network every extra chunk costs a round trip, more than its bytes);
 * the heavy parts — SM2/SM3 verification, the trust panel, the tender replay — are split out and load after the
 * first view.
 *   /                     home: search boxes, latest announcements
 *   /credit?q=…           credit search and the black / red lists     /credit/<subject>   a subject's page
 *   /licence              licence check (number + file, SM3 computed here)
 *   /trace[/<batch>?c=…]  the trace page a label's QR code opens
 *   /tenders[/<id>]       tender notices, candidates, results, evidence and the in-browser recompute
 * Links printed before the split (`/#/trace/<batch>?qr=<payload>`) lead to the trace page.
 */
import './public.css';
import { frame, prefetch } from './shell';
import { firstReads } from './urls';
import { homePage } from './pages/home';
import { creditPage } from './pages/credit';
import { creditSubjectPage } from './pages/credit-subject';
import { licencePage } from './pages/licence';
import { tracePage } from './pages/trace';
import { tendersPage } from './pages/tenders';
import { tenderPage } from './pages/tender';

const legacy = /^#\/trace\/([^?]+)(?:\?(.*))?$/.exec(location.hash);
if (legacy) {
  const batchId = decodeURIComponent(legacy[1] ?? '');
  const qr = new URLSearchParams(legacy[2] ?? '').get('qr') ?? '';
  const code = /:([0-9a-f]{8})$/.exec(qr)?.[1];
  location.replace(`/trace/${encodeURIComponent(batchId)}${code ? `?c=${code}` : ''}`);
} else {
  void route(location.pathname);
}

async function route(path: string): Promise<void> {
  const parts = path.split('/').filter((part) => part !== '').map((part) => decodeURIComponent(part));
  const [section, id] = parts;
  const params = new URLSearchParams(location.search);
  // The page's data is asked for now, while its code is still on the way.
  for (const url of firstReads(section, id, params)) prefetch(url);
  const main = frame(section === undefined ? '/' : `/${section}`);
  switch (section) {
    case 'credit':
      if (id !== undefined) return creditSubjectPage(main, id);
      return creditPage(main, params);
    case 'licence':
      return licencePage(main, params);
    case 'trace':
      return tracePage(main, id, params);
    case 'tenders':
      if (id !== undefined) return tenderPage(main, id);
      return tendersPage(main, params);
    default:
      return homePage(main);
  }
}
