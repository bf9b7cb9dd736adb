// The keys an incident is shared under. One stream per incident, one stream announcing incident
// ids, an epoch that changes when the server lost its data, and short-lived presence keys.
export function shareKeys(prefix: string) {
  return {
    /** Every event of one incident, each entry `{ e: <the timeline line> }`. */
    incident: (id: string) => `${prefix}:incident:${id}`,
    /** One entry `{ id }` per incident published (repeated after a data loss: readers skip known ids). */
    incidents: `${prefix}:incidents`,
    /** A random value set once per server lifetime: a different one means the streams were lost. */
    epoch: `${prefix}:epoch`,
    /** `<prefix>:presence:<incident>:<actor>` → JSON, with a TTL refreshed while someone follows. */
    presence: (id: string, actor: string) => `${prefix}:presence:${id}:${encodeURIComponent(actor)}`,
    presencePattern: (id: string) => `${prefix}:presence:${id}:*`,
  };
}
export type ShareKeys = ReturnType<typeof shareKeys>;
