// Names derived from an incident's title and start time: its folder id and its Slack channel.

/** `Payments: 502s on /checkout!` → `payments-502s-on-checkout`; never empty, at most 40 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return slug || 'incident';
}

/** `2024-05-01T10:00:00Z` → `2024-05-01` (UTC, as every time on the timeline). */
export function utcDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** The folder name, `<YYYY-MM-DD>-<slug>`. */
export function incidentId(declaredAt: string, slug: string): string {
  return `${utcDate(declaredAt)}-${slug}`;
}

/** The guide's `#incident-YYYYMMDD-description`; Slack allows 80 lowercase characters. */
export function slackChannel(declaredAt: string, slug: string): string {
  return `#incident-${utcDate(declaredAt).replace(/-/g, '')}-${slug}`.slice(0, 81);
}
