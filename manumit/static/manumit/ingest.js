'use strict';
// While a resource's files are being extracted, ask the server every few seconds whether it
// has finished, and then say so (in a polite live region) with a link to reload. The page
// is never reloaded by itself: that would lose what the curator is typing in the form.
{
    const INTERVAL_MS = 3000;
    const GIVE_UP_AFTER = 200; // about ten minutes

    function watch(panel) {
        const url = panel.dataset.pendingUrl;
        const live = panel.querySelector('.ingest-live');
        let tries = 0;
        const timer = window.setInterval(async () => {
            tries += 1;
            if (tries > GIVE_UP_AFTER) {
                window.clearInterval(timer);
                return;
            }
            try {
                const response = await fetch(url, {credentials: 'same-origin'});
                const state = await response.json();
                if (!state.pending) {
                    window.clearInterval(timer);
                    live.textContent = 'Extraction has finished. ';
                    const link = document.createElement('a');
                    link.href = window.location.href;
                    link.textContent = 'Reload this page to see the text and suggestions.';
                    live.appendChild(link);
                }
            } catch (error) {
                // The server may be restarting; the next try will tell.
            }
        }, INTERVAL_MS);
    }

    document.addEventListener('DOMContentLoaded', () => {
        document.querySelectorAll('.ingest-panel[data-pending-url]').forEach(watch);
    });
}
