package com.newsfeed.peers;

import java.util.Collection;

/** The rows a node serves at a version older than the database's: what a contender failed to invalidate. */
final class StaleRows {

    private StaleRows() {
    }

    /** A read that fails counts as stale too: the node does not serve the current version. */
    static int count(PeerNode node, ArticleTable table, Collection<Long> ids) {
        int stale = 0;
        for (long id : ids) {
            long current = table.load(id).orElseThrow().version();
            Article seen;
            try {
                seen = node.read(id).orElse(null);
            } catch (RuntimeException e) {
                seen = null;
            }
            if (seen == null || seen.version() < current) {
                stale++;
            }
        }
        return stale;
    }
}
