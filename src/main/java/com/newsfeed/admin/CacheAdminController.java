package com.newsfeed.admin;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.cache.CacheNode;
import com.newsfeed.cache.CacheRegistry;
import com.newsfeed.cache.CacheStatistics;
import com.newsfeed.cache.LayeredCache;
import com.newsfeed.system.InvalidFieldException;
import com.newsfeed.system.ResourceNotFoundException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/** Operators' view of the caches: admins only (an ADMIN access token; see SecurityConfiguration). */
@RestController
@RequestMapping("/api/admin/cache")
@SecurityRequirement(name = "bearer")
class CacheAdminController {

    private final CacheRegistry registry;
    private final CacheNode node;
    private final Clock clock;

    CacheAdminController(CacheRegistry registry, CacheNode node, Clock clock) {
        this.registry = registry;
        this.node = node;
        this.clock = clock;
    }

    /** Per cache: L1 size, weight, capacity, hits, misses, evictions; L2 hits and misses; loads; TTL settings. */
    @GetMapping("/stats")
    @Operation(summary = "Per-cache statistics (admins)")
    Map<String, CacheStatistics> stats() {
        Map<String, CacheStatistics> stats = new LinkedHashMap<>();
        registry.caches().forEach(cache -> stats.put(cache.name(), cache.statistics()));
        return stats;
    }

    /** The dashboard's one poll: every cache's statistics, the Redis circuit's state and the invalidation lag. */
    @GetMapping("/overview")
    @Operation(summary = "This instance's caches, Redis circuit and invalidation lag in one call (admins)")
    CacheOverview overview() {
        Map<String, CacheStatistics> caches = stats();
        // Read after the figures: it is the time base of the dashboard's rates.
        return new CacheOverview(clock.instant(), node.id(), node.redisCircuit(), node.invalidationLag(), caches);
    }

    /** Evicts one entry at every level on every instance (recorded in the outbox, delivered at once). */
    @DeleteMapping("/{cache}/{id}")
    @Operation(summary = "Evict one entry everywhere (admins)")
    ResponseEntity<Void> evict(@PathVariable String cache, @PathVariable @Positive long id) {
        named(cache).evict(id);
        return ResponseEntity.noContent().build();
    }

    /**
     * Fills L2 and L1 with the cache's newest entities, through its batched read (one Redis round trip per level
     * and one query per 500 ids).
     */
    @PostMapping("/{cache}/warm")
    @Operation(summary = "Fill both levels with the newest entities (admins)")
    WarmUp warm(@PathVariable String cache, @RequestParam @Min(1) @Max(100_000) int newest) {
        LayeredCache<?> named = named(cache);
        if (!named.warmable()) {
            throw new InvalidFieldException("cache", "this cache has no newest entities to warm up with");
        }
        return new WarmUp(cache, newest, named.warm(newest));
    }

    /** What a warm-up did: how many of the newest entities were asked for, and how many exist. */
    record WarmUp(String cache, int requested, int warmed) {
    }

    /** Empties one cache at every level on every instance. */
    @DeleteMapping("/{cache}")
    @Operation(summary = "Empty a cache everywhere (admins)")
    ResponseEntity<Void> clear(@PathVariable String cache) {
        named(cache).clear();
        return ResponseEntity.noContent().build();
    }

    private LayeredCache<?> named(String cache) {
        return registry.cache(cache).orElseThrow(() -> new ResourceNotFoundException("cache", cache));
    }
}
