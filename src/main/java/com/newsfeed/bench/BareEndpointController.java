package com.newsfeed.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.newsfeed.article.ArticleReads;
import com.newsfeed.article.ArticleService;
import com.newsfeed.cache.CacheProperties;
import com.newsfeed.cache.remote.KeyLayout;
import com.newsfeed.cache.remote.RedisBatch;
import com.newsfeed.cache.remote.RedisExecutor;
import com.newsfeed.cache.remote.RedisReply;
import com.newsfeed.system.CachedJsonResponses;
import com.newsfeed.system.Ids;
import com.newsfeed.system.ResourceNotFoundException;

import io.lettuce.core.KeyValue;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;

/**
 * The benchmark's ceilings, with the same headers as the product's article detail. {@code /api/bench/bare/{id}}: a
 * fixed JSON body of an article detail's size straight from memory, through the same filters and converters as
 * every endpoint: what the framework alone allows. {@code /api/bench/bare-redis/{id}}: the article's cached info
 * and body read by one MGET on the cache's shared connection and spliced, with no decoding and no L1: what one
 * Redis round trip allows. Off unless {@code newsfeed.bench.bare-endpoint=true}.
 */
@RestController
@Hidden
@ConditionalOnProperty(name = "newsfeed.bench.bare-endpoint", havingValue = "true")
class BareEndpointController {

    /** About the size of a demo article's detail JSON (bodies are 1 to 4 KB). */
    private static final byte[] BODY = body(3_300);
    private static final String BODY_TAG = "bare";
    private static final byte[] CONTENT = ",\"content\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_AUTHOR = ",\"author\":null}".getBytes(StandardCharsets.US_ASCII);
    /** What precedes the JSON in a stored string (the format version). */
    private static final int STORED_PREFIX = "1:".length();

    private final RedisExecutor redis;
    private final CachedJsonResponses responses;
    private final ArticleReads articles;
    private final String prefix;

    BareEndpointController(RedisExecutor redis, CachedJsonResponses responses, ArticleReads articles,
            CacheProperties properties) {
        this.redis = redis;
        this.responses = responses;
        this.articles = articles;
        this.prefix = properties.keyPrefix();
    }

    /** The product's article detail, but without its counts and without counting the read: what counts cost. */
    @GetMapping("/api/bench/without-counts/{id}")
    @Operation(summary = "An article detail without counts (anyone; only with newsfeed.bench.bare-endpoint)")
    ResponseEntity<byte[]> withoutCounts(@PathVariable long id) {
        ArticleService.ResponseJson detail = articles.readWithoutCounts(Ids.requirePositive(id));
        return responses.ok(detail.json(), detail.tag(), detail.stale());
    }

    /** The product's article detail with its counts, but without publishing its read event: what events cost. */
    @GetMapping("/api/bench/without-events/{id}")
    @Operation(summary = "An article detail without its read event (anyone; only with newsfeed.bench.bare-endpoint)")
    ResponseEntity<byte[]> withoutEvents(@PathVariable long id) {
        ArticleService.ResponseJson detail = articles.readWithoutEvent(Ids.requirePositive(id));
        return responses.ok(detail.json(), detail.tag(), detail.stale());
    }

    /** The id is parsed and checked as the product's is (routing a path variable is part of any entity GET). */
    @GetMapping("/api/bench/bare/{id}")
    @Operation(summary = "The benchmark ceiling: a body from memory (anyone; only with newsfeed.bench.bare-endpoint)")
    ResponseEntity<byte[]> bare(@PathVariable long id) {
        Ids.requirePositive(id);
        return responses.ok(BODY, BODY_TAG, false);
    }

    @GetMapping("/api/bench/bare-redis/{id}")
    @Operation(summary = "The benchmark ceiling: one MGET (anyone; only with newsfeed.bench.bare-endpoint)")
    ResponseEntity<byte[]> bareRedis(@PathVariable long id) {
        Ids.requirePositive(id);
        RedisBatch batch = redis.batch();
        RedisReply<List<KeyValue<byte[], byte[]>>> reply = batch.mget(key(id, ":info"), key(id, ":detail"));
        batch.execute();
        List<KeyValue<byte[], byte[]>> values = reply.value();
        if (!stored(values.get(0)) || !stored(values.get(1))) { // missing, or a "does not exist" marker
            throw new ResourceNotFoundException("article", id);
        }
        byte[] info = values.get(0).getValue();
        byte[] body = values.get(1).getValue();
        int infoLength = info.length - STORED_PREFIX - 1;
        int bodyLength = body.length - STORED_PREFIX;
        byte[] json = new byte[infoLength + CONTENT.length + bodyLength + NO_AUTHOR.length];
        System.arraycopy(info, STORED_PREFIX, json, 0, infoLength);
        System.arraycopy(CONTENT, 0, json, infoLength, CONTENT.length);
        System.arraycopy(body, STORED_PREFIX, json, infoLength + CONTENT.length, bodyLength);
        System.arraycopy(NO_AUTHOR, 0, json, infoLength + CONTENT.length + bodyLength, NO_AUTHOR.length);
        CRC32C checksum = new CRC32C();
        checksum.update(json);
        return responses.ok(json, Long.toHexString(checksum.getValue()), false);
    }

    /** A value in the current format ({@code 1:} and its JSON). */
    private static boolean stored(KeyValue<byte[], byte[]> value) {
        return value.hasValue() && value.getValue().length > STORED_PREFIX && value.getValue()[0] == '1'
                && value.getValue()[1] == ':';
    }

    private byte[] key(long id, String suffix) {
        // The product's key layout (both keys under the id's tag, so one MGET serves them on a cluster too).
        return (prefix + KeyLayout.VERSION + "art:" + KeyLayout.tag(id) + ":" + id + suffix)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] body(int size) {
        String start = "{\"id\":1,\"content\":\"";
        char[] filler = new char[size - start.length() - 2];
        Arrays.fill(filler, 'x');
        return (start + new String(filler) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }
}
