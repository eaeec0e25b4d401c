// The dashboard's figures over time: each poll of /api/admin/cache/overview is a sample of totals since the
// instance started; two samples give the rates and the hit ratios of the interval between them.

const KEPT = 150; // five minutes at one sample every 2 s

const MB = 1024 * 1024;

function delta(now, before, read) {
    return Math.max(0, (read(now) ?? 0) - (read(before) ?? 0));
}

function ratio(hits, misses) {
    return hits + misses === 0 ? null : 100 * hits / (hits + misses);
}

/** One cache's figures for the interval between two samples of its statistics, `seconds` apart. */
function interval(now, before, seconds) {
    const loads = stats => stats.loads.found + stats.loads.absent + stats.loads.errors;
    return {
        l1: now.l1 ? ratio(delta(now, before, s => s.l1?.hits), delta(now, before, s => s.l1?.misses)) : null,
        l2: now.l2 ? ratio(delta(now, before, s => s.l2 && s.l2.hits + s.l2.absentHits),
            delta(now, before, s => s.l2?.misses)) : null,
        loads: delta(now, before, loads) / seconds,
        bloom: delta(now, before, s => s.loads.bloomRejections) / seconds,
        leases: delta(now, before, s => s.loads.leaseWaits) / seconds,
        weight: now.l1 ? now.l1.weightBytes / MB : null,
        capacity: now.l1 ? now.l1.capacityBytes / MB : null,
    };
}

/** Columns of figures per cache, and of the invalidation lag, the oldest dropped beyond five minutes. */
export class History {
    constructor() {
        this.previous = null;
        this.caches = new Map();
        this.lag = {times: [], p50: [], p99: []};
        this.latest = new Map();
    }

    /**
     * Adds a sample; from the second one on, each cache's interval figures are kept (and `latest` holds them). A
     * sample of another instance (a load balancer sent the poll elsewhere) starts the history over: figures of two
     * instances make no interval.
     */
    add(overview) {
        const at = Date.parse(overview.at) / 1000;
        let before = this.previous;
        if (before && before.overview.node !== overview.node) {
            Object.assign(this, new History());
            before = null;
        }
        this.previous = {at, overview};
        const lag = overview.invalidations;
        const heard = before && lag.received > before.overview.invalidations.received;
        // The lag of this interval's messages; none came, no lag (not 0 ms).
        push(this.lag, {times: at, p50: heard ? lag.p50Millis : null, p99: heard ? lag.p99Millis : null});
        if (!before || at <= before.at) {
            return;
        }
        for (const [name, columns] of this.caches) { // a cache gone from this sample: a gap in its lines
            if (!overview.caches[name]) {
                push(columns, {times: at});
            }
        }
        for (const [name, stats] of Object.entries(overview.caches)) {
            const earlier = before.overview.caches[name];
            if (!earlier) {
                continue;
            }
            const figures = interval(stats, earlier, at - before.at);
            this.latest.set(name, figures);
            if (!this.caches.has(name)) {
                this.caches.set(name, {times: [], l1: [], l2: [], loads: [], bloom: [], leases: [], weight: [],
                    capacity: []});
            }
            push(this.caches.get(name), {times: at, ...figures});
        }
    }
}

function push(columns, row) {
    for (const [name, column] of Object.entries(columns)) {
        column.push(row[name] ?? null);
        if (column.length > KEPT) {
            column.shift();
        }
    }
}
