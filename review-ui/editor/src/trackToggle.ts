/**
 * "Show track changes" is a link to the page with `?changes=1` (works without JavaScript). With
 * JavaScript the section's changes are fetched from that page and swapped in place, so unsaved
 * text in the editors is not lost to a reload. The fetched markup is the server's own, escaped
 * rendering of the same partial.
 */
export function enhanceTrackToggles(): void {
  document.addEventListener('click', (e) => {
    const link = e.target instanceof Element ? e.target.closest<HTMLAnchorElement>('a[data-track-toggle]') : null;
    const box = link?.closest<HTMLElement>('[data-track-changes]');
    if (!link || !box || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    link.setAttribute('aria-busy', 'true');
    void fetch(link.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const page = new DOMParser().parseFromString(await res.text(), 'text/html');
        const fresh = page.getElementById(box.id);
        if (!fresh) throw new Error('no such section');
        box.replaceChildren(...Array.from(fresh.childNodes, (n) => document.importNode(n, true)));
        box.querySelector<HTMLElement>('[data-track-focus]')?.focus();
      })
      .catch(() => {
        window.location.href = link.href;
      });
  });
}
