import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { prefetchFor } from './app/prefetch';
import { parseLocation } from './app/routes';
import { preloadView } from './app/views';
import './ui/styles.css';

// Before React renders: the first view's code and data start loading beside the session check.
const first = parseLocation(window.location.pathname, window.location.search);
preloadView(first);
prefetchFor(first);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
